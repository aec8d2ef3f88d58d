"""Author pages for editing content files in the browser (routes on the
authoring blueprint)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.audit.record import audit
from lms.auth.access import require_roles
from lms.authoring import editor
from lms.authoring.blueprint import AUTHORS, bp
from lms.authoring.blueprint import content_dirs as _dirs
from lms.authoring.blueprint import facts_file as _facts_file
from lms.authoring.edit_preview import preview_text
from lms.authoring.editor import Conflict, EditorError, Folders
from lms.authoring.messages import explain
from lms.authoring.overview import Shown, overview
from lms.db import get_session


def _folders() -> Folders:
    courses, quizzes = _dirs()
    return Folders(
        courses, quizzes, Path(current_app.instance_path) / "content-history"
    )


def _is_bank(path: str) -> bool:
    return path.split("/", 1)[0] == _folders().quizzes.name


def refusal(error: EditorError) -> str:
    """Why a request was refused, in the author's language."""
    values = error.values
    messages = {
        "outside": _("Only Markdown files inside the content folders can be edited."),
        "not_markdown": _(
            "Only Markdown files (.md) outside assets/ folders can be edited."
        ),
        "missing": _("The file or folder does not exist."),
        "too_large": _("The file is larger than %(limit)s KB.", **values),
        "not_utf8": _("The file is not UTF-8 text; edit it with a text editor."),
        "read_only": _(
            "The content folder is not writable on this server: change the files "
            "in git and sync them."
        ),
        "bad_slug": _(
            "The name must be lowercase letters and digits joined by single "
            "dashes, like 'phone-basics'."
        ),
        "exists": _("A lesson with this name exists already in the module."),
        "not_image": _("Only PNG, JPEG, GIF and WebP images can be uploaded."),
        "bad_name": _(
            "The image name must be lowercase letters and digits joined by dashes, "
            "like 'phone-desk.png'."
        ),
    }
    return str(messages.get(error.code, error.code))


def _file_problems(path: str) -> list[Shown]:
    checked = overview(*_dirs(), _facts_file())
    return [p for p in checked.problems + checked.warnings if p.path == path]


def _editor_page(
    path: str,
    text: str,
    version: str,
    *,
    conflict: Conflict | None = None,
    status: int = 200,
) -> tuple[str, int]:
    folders = _folders()
    return render_template(
        "authoring/edit.html",
        path=path,
        text=text,
        version=version,
        preview=preview_text(path, text, is_bank=_is_bank(path)),
        problems=_file_problems(path),
        conflict=conflict,
        writable=folders.writable(),
        explain=explain,
    ), status


@bp.route("/edit", methods=["GET"])
@require_roles(*AUTHORS)
def edit() -> tuple[str, int]:
    path = request.args.get("path", "")
    try:
        opened = editor.open_file(_folders(), path)
    except EditorError as error:
        status = 404 if error.code == "missing" else 400
        return render_template("authoring/refused.html", message=refusal(error)), status
    text = opened.text + request.args.get("append", "")
    return _editor_page(opened.path, text, opened.version)


@bp.route("/edit", methods=["POST"])
@require_roles(*AUTHORS)
def save() -> Response | tuple[str, int]:
    path = request.form.get("path", "")
    text = request.form.get("text", "")
    version = request.form.get("version", "")
    folders = _folders()
    try:
        folders.resolve(path)
        if request.form.get("action") != "save":
            return _editor_page(path, text, version)
        result = editor.save_file(
            folders,
            path,
            text,
            version,
            name=current_user.name,
            email=current_user.email,
        )
    except EditorError as error:
        if error.code in {"outside", "not_markdown"}:
            message = refusal(error)
            return render_template("authoring/refused.html", message=message), 400
        flash(refusal(error), "error")
        return _editor_page(path, text, version, status=400)
    if isinstance(result, Conflict):
        flash(
            _(
                "The file was changed on disk since you opened it. Nothing was "
                "saved: compare both versions, then save again."
            ),
            "error",
        )
        return _editor_page(
            path, text, result.theirs.version, conflict=result, status=409
        )
    audit(get_session(), current_user, "content.save", path, details={"path": path})
    flash(_("Saved. Learners see it after the next sync."), "success")
    return redirect(url_for("authoring.edit", path=path))


@bp.route("/edit/preview", methods=["POST"])
@require_roles(*AUTHORS)
def edit_preview() -> str:
    """The preview pane alone, for the editor's script."""
    path = request.form.get("path", "")
    try:
        _folders().resolve(path)
    except EditorError:
        abort(400)
    return render_template(
        "authoring/_edit_preview.html",
        preview=preview_text(
            path, request.form.get("text", ""), is_bank=_is_bank(path)
        ),
        explain=explain,
    )


@bp.route("/new-lesson", methods=["POST"])
@require_roles(*AUTHORS)
def new_lesson() -> Response:
    module = request.form.get("module", "")
    try:
        path = editor.new_lesson(
            _folders(),
            module,
            request.form.get("slug", "").strip(),
            request.form.get("title", "").strip() or _("New lesson"),
            name=current_user.name,
            email=current_user.email,
        )
    except EditorError as error:
        flash(refusal(error), "error")
        return redirect(url_for("authoring.index"))
    audit(get_session(), current_user, "content.create", path, details={"path": path})
    return redirect(url_for("authoring.edit", path=path))


@bp.route("/new-question", methods=["GET"])
@require_roles(*AUTHORS)
def new_question() -> Response:
    bank = request.args.get("bank", "")
    template = editor.question_template(request.args.get("slug", "new-question"))
    return redirect(url_for("authoring.edit", path=bank, append=template))


@bp.route("/upload", methods=["POST"])
@require_roles(*AUTHORS)
def upload() -> Response:
    course = request.form.get("course", "")
    file = request.files.get("image")
    data = b""
    if file is not None:
        with file.stream:  # a large upload is a temporary file: close it
            data = file.stream.read(editor.MAX_IMAGE_BYTES + 1)
    try:
        path = editor.upload_image(
            _folders(),
            course,
            (file.filename or "") if file else "",
            data,
            name=current_user.name,
            email=current_user.email,
        )
    except EditorError as error:
        flash(refusal(error), "error")
        return redirect(url_for("authoring.index"))
    audit(get_session(), current_user, "content.upload", path, details={"path": path})
    name = path.rsplit("/", 1)[-1]
    flash(
        _(
            "Image saved as %(path)s. Use it in a lesson as "
            "![Description](../assets/%(name)s).",
            path=path,
            name=name,
        ),
        "success",
    )
    return redirect(url_for("authoring.index"))
