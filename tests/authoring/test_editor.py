"""Authors edit content files in the browser; bad requests change nothing."""

from __future__ import annotations

import hashlib
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.authoring import editor
from lms.db import get_database
from lms.models import AuditEntry
from tests.content.course_tree import write_tree

PHONE = "courses/cse/01-basics/02-phone.md"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def version(root: Path, path: str) -> str:
    return hashlib.sha256((root / path).read_bytes()).hexdigest()


def actions(app: Any) -> list[tuple[str, str]]:
    with get_database(app).sessionmaker() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.target)).all()
    return [(a, t) for a, t in rows]


def test_author_opens_previews_and_saves_a_lesson(
    app: Any, client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("author")
    page = client.get(f"/author/edit?path={PHONE}")
    assert page.status_code == 200
    assert "The phone" in page.get_data(as_text=True)
    text = "---\ntitle: Phone, new\n---\n## Fresh part\n\n<script>x()</script>\n"
    form = {"path": PHONE, "text": text, "version": version(content_root, PHONE)}
    preview = client.submit(
        "/author/edit", {**form, "action": "preview"}, page="/author/"
    )
    html = preview.get_data(as_text=True)
    assert 'id="fresh-part"' in html
    assert "<script>x()</script>" not in html
    assert "Phone, new" not in (content_root / PHONE).read_text()  # not saved
    saved = client.submit("/author/edit", {**form, "action": "save"}, page="/author/")
    assert saved.status_code == 302
    assert (content_root / PHONE).read_text() == text
    history = list((Path(app.instance_path) / "content-history").rglob("02-phone.md.*"))
    assert len(history) == 1
    assert "The phone" in history[0].read_text()
    assert ("content.save", PHONE) in actions(app)


def test_a_file_changed_on_disk_is_a_conflict_showing_both(
    client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("author")
    opened = version(content_root, PHONE)
    write_tree(content_root, {PHONE: "---\ntitle: Changed by git\n---\nTheirs.\n"})
    response = client.submit(
        "/author/edit",
        {"path": PHONE, "text": "---\ntitle: Mine\n---\nMine.\n", "version": opened,
         "action": "save"},
        page="/author/",
    )  # fmt: skip
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Changed by git" in html
    assert "title: Mine" in html
    assert "Theirs." in (content_root / PHONE).read_text()


@pytest.mark.parametrize(
    "path",
    [
        "courses/../../etc/passwd.md",
        "courses/cse/../../secret.md",
        "/etc/passwd",
        "other/cse/x.md",
        "courses/cse/01-basics/assets/smile.png",
        "courses/cse/.hidden.md",
        "courses/cse/01-basics/02-phone.txt",
    ],
)
def test_paths_outside_the_content_folders_are_refused(
    client: Any, auth: Any, content_root: Path, path: str
) -> None:
    write_tree(content_root, {"secret.md": "---\ntitle: secret\n---\nno\n"})
    auth.login("author")
    assert client.get("/author/edit", query_string={"path": path}).status_code == 400
    response = client.submit(
        "/author/edit",
        {"path": path, "text": "x", "version": "", "action": "save"},
        page="/author/",
    )
    assert response.status_code == 400
    assert "content folders" in response.get_data(as_text=True) or "Markdown" in (
        response.get_data(as_text=True)
    )
    assert (content_root / "secret.md").read_text().endswith("no\n")


def test_learners_reach_none_of_the_editor(
    client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("learner")
    assert client.get(f"/author/edit?path={PHONE}").status_code == 403
    form = {"path": PHONE, "text": "x", "version": "", "action": "save"}
    assert client.submit("/author/edit", form, page="/").status_code == 403
    assert "The phone" in (content_root / PHONE).read_text()


def test_new_lesson_from_the_template_and_image_upload(
    app: Any, client: Any, auth: Any, content_root: Path, monkeypatch: Any
) -> None:
    auth.login("author")
    response = client.submit(
        "/author/new-lesson",
        {"module": "courses/cse/01-basics", "slug": "recap", "title": "Recap: all"},
        page="/author/",
    )
    assert response.status_code == 302
    created = content_root / "courses/cse/01-basics/03-recap.md"
    assert 'title: "Recap: all"' in created.read_text()
    upload = client.submit(
        "/author/upload",
        {"course": "cse", "image": (io.BytesIO(PNG), "Desk Photo.png")},
        page="/author/",
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert (content_root / "courses/cse/assets/desk-photo.png").read_bytes() == PNG
    refused = client.submit(
        "/author/upload",
        {"course": "cse", "image": (io.BytesIO(b"<svg onload=x>"), "evil.png")},
        page="/author/",
        content_type="multipart/form-data",
    )
    assert refused.status_code == 302
    assert not (content_root / "courses/cse/assets/evil.png").exists()
    # A small limit: werkzeug's test client leaks the temporary file of a
    # request body above 500 KB.
    monkeypatch.setattr(editor, "MAX_IMAGE_BYTES", 1024)
    client.submit(
        "/author/upload",
        {"course": "cse", "image": (io.BytesIO(PNG + b"\0" * 2048), "big.png")},
        page="/author/",
        content_type="multipart/form-data",
    )
    assert not (content_root / "courses/cse/assets/big.png").exists()
    done = actions(app)
    assert ("content.create", "courses/cse/01-basics/03-recap.md") in done
    assert ("content.upload", "courses/cse/assets/desk-photo.png") in done


def test_saving_in_a_git_content_folder_commits_as_the_author(
    client: Any, auth: Any, content_root: Path
) -> None:
    subprocess.run(["git", "init", "-q", str(content_root)], check=True)
    git = ["git", "-C", str(content_root), "-c", "user.name=Setup", "-c",
           "user.email=setup@example.com"]  # fmt: skip
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    author = auth.login("author", name="Arthur Autor")
    client.submit(
        "/author/edit",
        {"path": PHONE, "text": "---\ntitle: Phone\n---\nCommitted.\n",
         "version": version(content_root, PHONE), "action": "save"},
        page="/author/",
    )  # fmt: skip
    log = subprocess.run(
        ["git", "-C", str(content_root), "log", "-1", "--format=%an <%ae>|%s"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert log == f"Arthur Autor <{author.email}>|Edit {PHONE}"


def test_a_read_only_content_folder_says_so(
    client: Any, auth: Any, content_root: Path
) -> None:
    courses = content_root / "courses"
    courses.chmod(0o555)
    try:
        auth.login("author")
        html = client.get(f"/author/edit?path={PHONE}").get_data(as_text=True)
        if not (courses.stat().st_mode & 0o200) and not _is_root():
            assert "not writable" in html
    finally:
        courses.chmod(0o755)


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def test_sync_is_audited(app: Any, client: Any, auth: Any, content_root: Path) -> None:
    auth.login("author")
    client.submit("/author/sync", page="/author/")
    assert ("content.sync", "content") in actions(app)
