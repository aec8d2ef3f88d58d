"""Announcements from a lower feature that a higher one acts on (blinker signals).

The quiz ends attempts; the completion rule, above the quiz, decides whether an
ended attempt earns a certificate. The quiz cannot import the rule without an
import cycle, so it announces the write and the app factory connects the rule.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: Sent by a POST right after it ended an attempt (submitted it, or settled one
#: whose time ran out), before the request commits. Keyword arguments:
#: ``session``, ``person``, ``course_id``, ``now``. A receiver adds and flushes
#: only, and returns what it did (the certificate it issued, or None).
attempt_ended = _events.signal("attempt-ended")
