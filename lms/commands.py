"""Which command groups the app carries: each feature's ``cli.py``, put on ``app.cli``.

Apart from ``lms.cli`` so that the factory (which calls this) and the console entry
point (which calls the factory) do not import each other.
"""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Put every feature's commands on ``app.cli`` (``lms`` and ``flask`` find them)."""
    from lms.auth.cli import user
    from lms.demo.cli import demo
    from lms.hr.cli import reminders
    from lms.hr.reports.cli import export
    from lms.jobs.cli import worker
    from lms.migrate import db
    from lms.people.cli import users
    from lms.quiz.gift.cli import quiz
    from lms.sync.cli import content

    for group in (db, user, content, quiz, users, reminders, export, demo, worker):
        app.cli.add_command(group)
