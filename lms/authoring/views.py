"""Author pages: the content folder with its problems, previews, live preview, sync."""

from __future__ import annotations

from flask import (
    abort,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.audit.record import audit
from lms.auth.access import require_roles
from lms.authoring import edit_views, services
from lms.authoring.blueprint import AUTHORS, bp, content_dirs, facts_file
from lms.authoring.messages import explain
from lms.authoring.overview import overview
from lms.catalog.outline import CourseStructure
from lms.catalog.player import Player, build_player, lesson_key
from lms.catalog.structure import clear_cache
from lms.db import after_commit, get_session, utcnow
from lms.errors import NotFound
from lms.sync import sync_all
from lms.web.security import ASSET_CONTENT_SECURITY_POLICY

_facts_file = facts_file
_dirs = content_dirs
# The editor's routes are on the same blueprint (lms.authoring.edit_views).
__all__ = ["bp", "edit_views"]


@bp.route("/", methods=["GET", "POST"])
@require_roles(*AUTHORS)
def index() -> str:
    checked = overview(*_dirs(), _facts_file())
    markdown_text = request.form.get("markdown", "") if request.method == "POST" else ""
    rendered = services.render_snippet(markdown_text) if markdown_text else ""
    return render_template(
        "authoring/index.html",
        folders=checked.folders,
        problems=checked.problems,
        warnings=len(checked.warnings) + len(checked.translations),
        listed=checked.listed,
        files=checked.files,
        modules=checked.modules,
        editable=True,
        bank_prefix=_dirs()[1].name + "/",
        markdown_text=markdown_text,
        rendered=rendered,
        explain=explain,
    )


@bp.route("/help")
@require_roles(*AUTHORS)
def help_page() -> str:
    html = services.help_html()
    if not html:
        abort(404)
    return render_template("authoring/help.html", html=html)


@bp.route("/sync", methods=["POST"])
@require_roles(*AUTHORS)
def sync() -> str:
    db = get_session()
    report = sync_all(db, *_dirs(), utcnow(), facts_file=_facts_file())
    if report.ok:
        after_commit(clear_cache)
    else:
        db.rollback()
    details: dict[str, object] = {
        "ok": report.ok,
        "problems": len(report.problems),
        "added": len(report.added),
        "changed": len(report.changed),
        "retired": len(report.retired),
    }
    audit(db, current_user, "content.sync", "content", details=details)
    return render_template("authoring/sync.html", report=report)


def _player(structure: CourseStructure) -> Player:
    """The course player as a new learner on no path sees it (every step open).

    Quiz steps lead back to the author page, never into a live quiz.
    """
    return build_player(
        structure,
        frozenset(),
        {},
        None,
        (),
        lambda bank: url_for("authoring.index", _anchor="check-title"),
    )


@bp.route("/preview/<course>")
@require_roles(*AUTHORS)
def preview_course(course: str) -> str:
    try:
        structure, problems = services.preview_course(
            *_dirs(), course, current_user.language, facts_file=_facts_file()
        )
    except NotFound:
        abort(404)
    return render_template(
        "authoring/preview_course.html",
        course=structure,
        progress=services.empty_progress(structure),
        player=_player(structure),
        problems=problems,
        broken=services.broken_lessons(structure, problems),
        editable=True,
        explain=explain,
    )


@bp.route("/preview/<course>/<module>")
@require_roles(*AUTHORS)
def preview_module(course: str, module: str) -> str:
    try:
        structure, _problems = services.preview_course(
            *_dirs(), course, current_user.language, facts_file=_facts_file()
        )
    except NotFound:
        abort(404)
    item = structure.module(module)
    if item is None:
        abort(404)
    return render_template(
        "authoring/preview_module.html",
        course=structure,
        module=item,
        progress=services.empty_progress(structure),
        player=_player(structure),
    )


@bp.route("/preview/<course>/<module>/<lesson>")
@require_roles(*AUTHORS)
def preview_lesson(course: str, module: str, lesson: str) -> str:
    try:
        structure, content, problems = services.preview_lesson(
            *_dirs(),
            course,
            module,
            lesson,
            current_user.language,
            facts_file=_facts_file(),
        )
    except NotFound:
        abort(404)
    item = structure.lesson(module, lesson)
    previous, following = structure.neighbours(module, lesson)
    view = {
        "course": structure,
        "module_slug": module,
        "lesson": item,
        "content": content,
        "progress": services.empty_progress(structure),
        "previous": previous,
        "following": following,
    }
    return render_template(
        "authoring/preview_lesson.html",
        view=view,
        problems=problems,
        editable=True,
        explain=explain,
        player=_player(structure),
        lesson_key=lesson_key(module, lesson),
    )


@bp.route("/asset/<course>/<path:path>")
@require_roles(*AUTHORS)
def asset(course: str, path: str) -> Response:
    try:
        target = services.asset_path(_dirs()[0], course, path)
    except NotFound:
        abort(404)
    response = send_file(target, max_age=0)
    # An author opening an SVG or HTML file must not run its script as this site.
    response.headers["Content-Security-Policy"] = ASSET_CONTENT_SECURITY_POLICY
    return response
