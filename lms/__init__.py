"""The application factory: load configuration and wire everything up, nothing else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from lms import db
    from lms.admin.views import bp as admin_bp
    from lms.api.token_views import bp as api_tokens_bp
    from lms.api.views import bp as api_bp
    from lms.audit.views import bp as audit_bp
    from lms.auth import access, login
    from lms.auth.views import bp as auth_bp
    from lms.authoring.views import bp as authoring_bp
    from lms.badges import signer as badge_signer
    from lms.badges.views import bp as badges_bp
    from lms.catalog.completion import issue_after_attempt, missing_before_exam
    from lms.catalog.journey import continuation_after
    from lms.catalog.views import bp as catalog_bp
    from lms.certify import issuing
    from lms.certify.views import bp as certify_bp
    from lms.commands import register_commands
    from lms.config import load_config
    from lms.events import (
        attempt_ended,
        exam_requirements,
        next_step,
        password_set_by_link,
    )
    from lms.extensions import babel, csrf
    from lms.home.views import bp as home_bp
    from lms.hr.reports.views import bp as hr_export_bp
    from lms.hr.schedule.tasks import PERIODIC
    from lms.hr.views import bp as hr_bp
    from lms.i18n import init_fast_gettext, select_locale
    from lms.jobs import queue as jobs_queue
    from lms.jobs.views import bp as jobs_bp
    from lms.people.accounts import audit_password_set
    from lms.people.import_views import bp as hr_people_bp
    from lms.people.views import bp as people_bp
    from lms.quiz.views import bp as quiz_bp
    from lms.refresh.views import bp as refresh_bp
    from lms.scim import views as scim
    from lms.scim.token_views import bp as scim_tokens_bp
    from lms.sso import views as sso
    from lms.web import converters, proxies, ratelimit, security, timing
    from lms.web.error_pages import register_error_handlers
    from lms.web.templating import init_templating

    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "LMS_INSTANCE_PATH"
    )
    app = Flask(__name__, instance_path=instance_path)
    app.config.update(load_config(app.instance_path, config, os.environ))

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_fast_gettext(app)
    ratelimit.init_app(app)
    proxies.init_app(app)
    login.init_app(app)
    access.init_app(app)
    converters.init_app(app)
    security.init_app(app)
    timing.init_app(app)
    init_templating(app)
    sso.init_app(app)
    # The Open Badges key (created at first start) and the credential in each PDF.
    badge_signer.init_app(app)
    scim.init_app(app)
    issuing.init_app(app)
    register_error_handlers(app)
    register_commands(app)
    # The queue, and the periodic work its workers do (listed above the features).
    jobs_queue.init_app(app, PERIODIC)
    # An ended attempt can complete a course: the rule (above the quiz) issues.
    attempt_ended.connect(issue_after_attempt)
    # The final exam's gate: the rule (above the quiz) answers what is missing.
    exam_requirements.connect(missing_before_exam)
    # What follows a quiz in the course player: the catalog (above) answers.
    next_step.connect(continuation_after)
    # A password set through a link: the audit log (above auth) records it.
    password_set_by_link.connect(audit_password_set)

    for blueprint in (
        auth_bp,
        home_bp,
        catalog_bp,
        quiz_bp,
        certify_bp,
        badges_bp,
        authoring_bp,
        people_bp,
        hr_bp,
        hr_people_bp,
        hr_export_bp,
        audit_bp,
        api_bp,
        api_tokens_bp,
        admin_bp,
        jobs_bp,
        scim_tokens_bp,
        refresh_bp,
    ):
        app.register_blueprint(blueprint)
    return app
