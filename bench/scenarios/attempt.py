"""Scenario: a learner's open quiz attempt page against the bare route."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

from bench.load import compare_with_baseline
from bench.quiz_load import CSRF, NoRedirect
from bench.results import Figure
from bench.server import ROOT, Server, learner_cookie, lms, running_server

QUIZ = "/courses/customer-service-essentials/quiz/telephone-etiquette"
MARKER = 'class="question'  # the questions of the attempt: the real page
TARGET_RATIO = 0.25  # issue #18


def start_attempt(server: Server, cookie: str) -> str:
    """Start the quiz through its form; the attempt page's path."""
    opener = urllib.request.build_opener(NoRedirect)
    headers = {"Cookie": cookie}
    page = opener.open(urllib.request.Request(server.url(QUIZ), headers=headers))
    token = CSRF.search(page.read().decode())
    if token is None:
        raise RuntimeError(f"no start form on {QUIZ}")
    form = urllib.parse.urlencode({"csrf_token": token.group(1)}).encode()
    request = urllib.request.Request(
        server.url(QUIZ + "/start"), data=form, headers=headers
    )
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        location = redirect.headers.get("Location", "")
        if re.search(r"/attempts/", location):
            return urllib.parse.urlsplit(location).path
    raise RuntimeError("starting the quiz did not lead to an attempt page")


def run(workdir: Path) -> list[Figure]:
    with running_server(workdir / "attempt") as server:
        lms(server.env, "content", "sync", str(ROOT))
        cookie = learner_cookie(server)
        attempt = start_attempt(server, cookie)
        result = compare_with_baseline(server, attempt, cookie, MARKER)
    return [result.figure("attempt", "quiz attempt page throughput", TARGET_RATIO)]
