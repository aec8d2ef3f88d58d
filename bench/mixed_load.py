"""Load generator for the mixed scenario, run in its own process.

``python -m bench.mixed_load BASE_URL USERS_JSON OUT_JSON COURSE QUIZ READERS SAVES``:
the first READERS users read every lesson of COURSE in order (each first view
is recorded: a write from a page view); the others start QUIZ and autosave
their answers SAVES times, as the page script does. Each browser holds the
session cookie the scenario signed for its learner (no login), then
all start at once. Per request it records the kind, the status and the time
seen by the client.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.quiz_load import CSRF, REVISION, Learner, Log, NoRedirect, answers


def lesson_paths(page: str, course: str) -> list[str]:
    """The lesson links of a course page, in order (quiz links left out)."""
    found = re.findall(rf'href="({re.escape(course)}/[^/"#?]+/[^/"#?]+)"', page)
    lessons = [path for path in found if "/quiz/" not in path]
    return list(dict.fromkeys(lessons))


class Visitor(Learner):
    """A learner whose browser holds the session cookie of a login."""

    def __init__(self, base: str, user: dict[str, str], log: Log) -> None:
        super().__init__(base, user["email"], "", log)
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(session_cookie(base, user["cookie_name"], user["cookie"]))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )

    def log_in(self) -> None:
        _s, page, _l = self.request("home page", "/")
        match = CSRF.search(page)
        if match:
            self.token = match.group(1)


def session_cookie(base: str, name: str, value: str) -> http.cookiejar.Cookie:
    host = urllib.parse.urlsplit(base).hostname or "127.0.0.1"
    return http.cookiejar.Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


class Reader(Visitor):
    def prepare(self, course: str) -> list[str]:
        self.log_in()
        _s, page, _l = self.request("course page", course)
        return lesson_paths(page, course)

    def read(self, lessons: list[str]) -> None:
        for path in lessons:
            self.request("lesson view", path)


class Writer(Visitor):
    def prepare(self, quiz: str) -> tuple[str, list[tuple[str, dict[str, object]]]]:
        self.log_in()
        _s, page, _l = self.request("quiz page", quiz)
        self.token = CSRF.search(page).group(1)  # type: ignore[union-attr]
        _s, _t, location = self.request(
            "start", quiz + "/start", {"csrf_token": self.token}
        )
        attempt = urllib.parse.urlsplit(location).path
        _s, page, _l = self.request("attempt page", attempt)
        self.revision = REVISION.search(page).group(1)  # type: ignore[union-attr]
        return attempt, answers(page)

    def autosave(
        self, attempt: str, fields: list[tuple[str, dict[str, object]]], saves: int
    ) -> None:
        for number in range(saves):
            qid, values = fields[number % len(fields)]
            # Each save sends the revision the previous one returned, as the
            # page's script does.
            status, reply, _l = self.request(
                "autosave",
                attempt,
                {
                    "csrf_token": self.token,
                    "present": qid,
                    "revision": self.revision,
                    **values,
                },
                json_reply=True,
            )
            if status == 200:
                self.revision = str(json.loads(reply)["revision"])


def main() -> None:
    base, users_file, out_file, course, quiz = sys.argv[1:6]
    readers_count, saves = int(sys.argv[6]), int(sys.argv[7])
    with open(users_file, encoding="utf-8") as handle:
        users = json.load(handle)
    setup, log = Log(), Log()
    readers = [Reader(base, user, setup) for user in users[:readers_count]]
    writers = [Writer(base, user, setup) for user in users[readers_count:]]
    # Logging in and starting the quiz are not part of the measured mix.
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        lessons = list(pool.map(lambda reader: reader.prepare(course), readers))
        papers = list(pool.map(lambda writer: writer.prepare(quiz), writers))
    print(f"   logged in: {time.perf_counter() - began:.0f} s", flush=True)
    if setup.errors or not all(lessons) or not all(fields for _a, fields in papers):
        raise SystemExit(f"setup failed: {setup.errors[:3]}")
    for learner in [*readers, *writers]:
        learner.log = log
    start = threading.Barrier(len(readers) + len(writers))

    def reading(reader: Reader, paths: list[str]) -> None:
        start.wait()
        reader.read(paths)

    def writing(
        writer: Writer, paper: tuple[str, list[tuple[str, dict[str, object]]]]
    ) -> None:
        start.wait()
        writer.autosave(paper[0], paper[1], saves)

    threads = [
        threading.Thread(target=reading, args=(r, p))
        for r, p in zip(readers, lessons, strict=True)
    ] + [
        threading.Thread(target=writing, args=(w, p))
        for w, p in zip(writers, papers, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    result = {
        "seconds": time.perf_counter() - started,
        "timings": log.timings,
        "errors": log.errors,
    }
    with open(out_file, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
