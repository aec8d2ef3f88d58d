"""Announcements from a lower feature that a higher one acts on (blinker signals).

The quiz ends attempts; the completion rule, above the quiz, decides whether an
ended attempt earns a certificate. The quiz cannot import the rule without an
import cycle, so it announces the write and the app factory connects the rule.
In the same way the quiz asks what a course still requires before its final
exam opens, and the completion rule answers.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: Sent by a POST right after it ended an attempt (submitted it, or settled one
#: whose time ran out), before the request commits. Keyword arguments:
#: ``session``, ``person``, ``course_id``, ``now``. A receiver adds and flushes
#: only, and returns what it did (the certificate it issued, or None).
attempt_ended = _events.signal("attempt-ended")

#: Sent by the quiz before it shows or starts a course's final exam, to ask what
#: the course still requires of the person first. Keyword arguments:
#: ``session``, ``person``, ``course_id``. A receiver only reads, and returns a
#: sequence of ``lms.quiz.gate.Missing`` (empty when the exam is open).
exam_requirements = _events.signal("exam-requirements")

#: Sent by the quiz's result page to ask what the person does next in the course
#: after a quiz. Keyword arguments: ``session``, ``person``, ``course_id``,
#: ``bank_id``. A receiver only reads, and returns a ``lms.quiz.gate.Continuation``.
next_step = _events.signal("next-step")

#: Sent by lms.auth when a person set their password through a set-password
#: link, before the request commits, so the audit log (above auth) records it.
#: Keyword arguments: ``session``, ``person``, ``now``. A receiver adds only.
password_set_by_link = _events.signal("password-set-by-link")

#: Sent by lms.auth's logout view before it ends the login session, so single
#: sign-on (above auth) can end the provider's session too. No keyword
#: arguments; a receiver only reads, and returns the URL to send the browser to
#: after the local logout (the provider's end-session endpoint), or None.
logging_out = _events.signal("logging-out")
