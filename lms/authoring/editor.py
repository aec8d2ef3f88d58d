"""Editing content files in the browser: open, preview, save, create, upload.

Paths are the ones problems show, relative to the folder holding the content
folders: ``courses/<course>/...`` or ``quizzes/<course>/<bank>.md``. Nothing
outside the two content folders is ever read or written.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lms.content.names import is_slug

MAX_TEXT_BYTES = 512 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {  # magic bytes -> file ending
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"GIF87a": ".gif",
    b"GIF89a": ".gif",
}
_IMAGE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

LESSON_TEMPLATE = """---
title: {title}
estimated_minutes: 5
---
## What you will learn

Write the lesson here. Keep paragraphs short.

!!! tip "A tip"
    Indent the text of a tip by four spaces.
"""

QUESTION_TEMPLATE = """
## Write the question here? {{#q-{slug}}}

- [x] The right answer.
  > Why it is right.
- [ ] A wrong answer.
  > Why it is wrong.
- [ ] Another wrong answer.
  > Why it is wrong.
"""


class EditorError(Exception):
    """A refused request; the message (English, translated by the view) says why."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Folders:
    courses: Path
    quizzes: Path
    history: Path  # previous versions of saved files

    def resolve(self, path: str, *, markdown: bool = True) -> Path:
        """The file `path` names, inside a content folder, or EditorError."""
        parts = path.replace("\\", "/").split("/")
        if (
            len(parts) < 3
            or any(part in {"", ".", ".."} or part.startswith(".") for part in parts)
            or "\0" in path
        ):
            raise EditorError("outside")
        base = {self.courses.name: self.courses, self.quizzes.name: self.quizzes}.get(
            parts[0]
        )
        if base is None:
            raise EditorError("outside")
        base = base.resolve()
        target = base.joinpath(*parts[1:]).resolve()
        if not target.is_relative_to(base):
            raise EditorError("outside")
        if markdown and (target.suffix != ".md" or "assets" in parts):
            raise EditorError("not_markdown")
        return target

    def display(self, target: Path) -> str:
        for base in (self.courses, self.quizzes):
            resolved = base.resolve()
            if target.is_relative_to(resolved):
                return f"{base.name}/{target.relative_to(resolved).as_posix()}"
        raise EditorError("outside")

    def writable(self) -> bool:
        return all(
            os.access(folder, os.W_OK) for folder in (self.courses, self.quizzes)
        )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Opened:
    path: str
    text: str
    version: str  # the hash of the file as opened, sent back with the form


def open_file(folders: Folders, path: str) -> Opened:
    target = folders.resolve(path)
    if not target.is_file():
        raise EditorError("missing")
    data = target.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise EditorError("too_large", limit=MAX_TEXT_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EditorError("not_utf8") from error
    return Opened(path, text, digest(data))


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since it was opened: both versions."""

    theirs: Opened
    mine: str


def save_file(
    folders: Folders, path: str, text: str, version: str, *, name: str, email: str
) -> Opened | Conflict:
    """Write `text` atomically unless the file changed since `version`."""
    target = folders.resolve(path)
    data = text.replace("\r\n", "\n").encode("utf-8")
    if len(data) > MAX_TEXT_BYTES:
        raise EditorError("too_large", limit=MAX_TEXT_BYTES // 1024)
    if not folders.writable():
        raise EditorError("read_only")
    current = target.read_bytes() if target.is_file() else b""
    if digest(current) != version:
        return Conflict(open_file(folders, path), text)
    if current:
        _keep_previous(folders, path, current)
    _write_atomically(target, data)
    commit(folders, target, f"Edit {path}", name=name, email=email)
    return Opened(path, data.decode("utf-8"), digest(data))


def _keep_previous(folders: Folders, path: str, data: bytes) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folders.history / f"{path}.{stamp}"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(data)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".edit-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        else:
            os.chmod(temporary, 0o644)  # noqa: S103 (content is read by the server)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def git_root(target: Path) -> Path | None:
    """The git work tree holding `target`, when git is there; else None."""
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [git, "-C", str(target.parent), "rev-parse", "--show-toplevel"],
        capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def commit(
    folders: Folders, target: Path, message: str, *, name: str, email: str
) -> bool:
    """Commit `target` alone with the author's name and e-mail, when the
    content folder is a git repository of its own (its root is the folder
    holding courses/ and quizzes/, or one of them)."""
    root = git_root(target)
    allowed = {folders.courses.resolve(), folders.quizzes.resolve()}
    allowed |= {folder.parent for folder in allowed}
    if root is None or root.resolve() not in allowed:
        return False
    git = shutil.which("git") or "git"
    identity = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    relative = str(target.resolve().relative_to(root.resolve()))
    for arguments in (
        ["add", "--", relative],
        [*identity, "commit", "--no-verify", "-q", "-m", message, "--", relative],
    ):
        subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [git, "-C", str(root), "-c", "commit.gpgsign=false", *arguments],
            capture_output=True, check=False, timeout=60,
        )  # fmt: skip
    return True


def new_lesson(
    folders: Folders, module_path: str, slug: str, title: str, *, name: str, email: str
) -> str:
    """Create the next lesson of a module from the template; its path."""
    if not is_slug(slug):
        raise EditorError("bad_slug")
    module = folders.resolve(module_path + "/module.md").parent
    if not module.is_dir() or not module.is_relative_to(folders.courses.resolve()):
        raise EditorError("missing")
    if not folders.writable():
        raise EditorError("read_only")
    numbers = [
        int(p.name[:2]) for p in module.glob("[0-9][0-9]-*.md") if p.name[:2].isdigit()
    ]
    if any(p.name[3:].split(".")[0] == slug for p in module.glob("[0-9][0-9]-*.md")):
        raise EditorError("exists")
    target = module / f"{max(numbers, default=0) + 1:02d}-{slug}.md"
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    _write_atomically(target, LESSON_TEMPLATE.format(title=quoted).encode("utf-8"))
    commit(folders, target, f"New lesson {slug}", name=name, email=email)
    return folders.display(target)


def question_template(slug: str) -> str:
    return QUESTION_TEMPLATE.format(slug=slug if is_slug(slug) else "new-question")


def upload_image(
    folders: Folders, course: str, filename: str, data: bytes, *, name: str, email: str
) -> str:
    """Store an image in the course's assets/ folder; its path."""
    if not is_slug(course) or not (folders.courses / course).is_dir():
        raise EditorError("missing")
    if len(data) > MAX_IMAGE_BYTES:
        raise EditorError("too_large", limit=MAX_IMAGE_BYTES // 1024)
    ending = next(
        (e for magic, e in IMAGE_TYPES.items() if data.startswith(magic)), None
    )
    if ending is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        ending = ".webp"
    if ending is None:
        raise EditorError("not_image")
    stem = Path(filename).stem.lower().replace(" ", "-")
    if not _IMAGE_NAME.fullmatch(stem):
        raise EditorError("bad_name")
    if not folders.writable():
        raise EditorError("read_only")
    target = folders.courses.resolve() / course / "assets" / f"{stem}{ending}"
    if target.is_file():  # replacing an image keeps the one it replaces
        _keep_previous(folders, folders.display(target), target.read_bytes())
    _write_atomically(target, data)
    commit(folders, target, f"Add image {target.name}", name=name, email=email)
    return folders.display(target)
