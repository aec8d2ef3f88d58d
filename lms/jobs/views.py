"""The job page, its JSON status, its result download and its Retry button.

Someone who may not see a job gets 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import require_roles
from lms.db import get_session
from lms.jobs import services
from lms.jobs.api import State
from lms.models import Job
from lms.web.downloads import content_disposition

bp = Blueprint("jobs", __name__)


@bp.app_context_processor
def _job_key() -> dict[str, Any]:
    # A form that starts a job carries `<input type="hidden" name="job_key"
    # value="{{ new_job_key() }}">`: sent twice, it gives one job.
    return {"new_job_key": services.new_key}


def _job_or_404(public_id: str) -> Job:
    job = services.visible_job(get_session(), current_user, public_id)
    if job is None:
        abort(404)
    return job


@bp.route("/jobs/<public_id>")
@require_roles()
def show(public_id: str) -> str:
    job = _job_or_404(public_id)
    return render_template(
        "jobs/show.html",
        job=job,
        title=services.title(job),
        words=services.progress_words(job),
        failure=services.failure_text(job),
        has_result=services.has_result(job),
        result_page=services.result_page(job),
        expired=job.state == State.DONE
        and job.result_name is not None
        and not services.has_result(job),
    )


@bp.route("/jobs/<public_id>/status")
@require_roles()
def status(public_id: str) -> Response:
    response = jsonify(services.status(_job_or_404(public_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<public_id>/result")
@require_roles()
def result(public_id: str) -> Response:
    job = _job_or_404(public_id)
    if not services.has_result(job) or job.result is None:
        abort(404)
    response = Response(job.result, mimetype=job.result_type)
    response.headers["Content-Disposition"] = content_disposition(
        job.result_name or "result", fallback="result"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/jobs/<public_id>/retry", methods=["POST"])
@require_roles()
def retry(public_id: str) -> BaseResponse:
    job = _job_or_404(public_id)
    if services.retry(get_session(), job):
        flash(_("The job is queued again."), "success")
    return redirect(url_for("jobs.show", public_id=public_id))
