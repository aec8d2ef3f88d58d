"""Load generator for the quiz scenario, run in its own process.

``python -m bench.quiz_load BASE_URL USERS_JSON OUT_JSON``: every user logs in,
starts the quiz, saves answers one question at a time as the page script does,
submits and opens the result, all users at once. It records per request the
server's own time (Server-Timing) and the time seen by the client.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
QUESTION = re.compile(r'data-question="(q-[a-z0-9-]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
TIMEOUT = 60


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list[dict[str, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Learner:
    def __init__(self, base: str, email: str, password: str, log: Log) -> None:
        self.base, self.email, self.password, self.log = base, email, password, log
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )
        self.token = ""

    def request(
        self,
        kind: str,
        path: str,
        data: dict[str, object] | None = None,
        json_reply: bool = False,
    ) -> tuple[int, str, str]:
        body = None
        headers = {"Accept": "application/json"} if json_reply else {}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            response = self.opener.open(request, timeout=TIMEOUT)
            status, text, headers_in = (
                response.status,
                response.read().decode(),
                response.headers,
            )
        except urllib.error.HTTPError as error:
            status, text, headers_in = error.code, error.read().decode(), error.headers
        client_ms = (time.perf_counter() - started) * 1000
        match = re.search(r"dur=([\d.]+)", headers_in.get("Server-Timing", ""))
        with self.log.lock:
            self.log.timings.append(
                {
                    "kind": kind,
                    "status": status,
                    "client_ms": client_ms,
                    "server_ms": float(match.group(1)) if match else None,
                }
            )
            if status >= 400:
                self.log.errors.append(f"{kind} {path} -> {status}")
        location = headers_in.get("Location", "")
        return status, text, location

    def run(self, quiz_path: str) -> None:
        _s, page, _l = self.request("login page", "/login")
        self.token = CSRF.search(page).group(1)  # type: ignore[union-attr]
        status, _t, _l = self.request(
            "login",
            "/login",
            {"csrf_token": self.token, "email": self.email, "password": self.password},
        )
        if status != 302:
            return
        _s, page, _l = self.request("quiz page", quiz_path)
        self.token = CSRF.search(page).group(1)  # type: ignore[union-attr]
        _s, _t, attempt = self.request(
            "start", quiz_path + "/start", {"csrf_token": self.token}
        )
        attempt_path = urllib.parse.urlsplit(attempt).path
        _s, page, _l = self.request("attempt page", attempt_path)
        # Each save sends the attempt's revision and gets the next one back, as
        # the page's script does; the submit sends the last one.
        revision = REVISION.search(page).group(1)  # type: ignore[union-attr]
        for qid, fields in answers(page):
            status, reply, _l = self.request(
                "save answer",
                attempt_path,
                {
                    "csrf_token": self.token,
                    "present": qid,
                    "revision": revision,
                    **fields,
                },
                json_reply=True,
            )
            if status == 200:
                revision = str(json.loads(reply)["revision"])
        self.request(
            "submit",
            attempt_path + "/submit",
            {"csrf_token": self.token, "revision": revision},
        )
        self.request("result", attempt_path + "/result")


def answers(page: str) -> list[tuple[str, dict[str, object]]]:
    """Plausible answers for every question on an attempt page."""
    found = []
    chunks = re.split(r"(?=<fieldset class=\"question)", page)
    for chunk in chunks:
        match = QUESTION.search(chunk)
        if not match:
            continue
        qid = match.group(1)
        field = f"a-{qid}"
        # Option ids are opaque per attempt: take whatever the page names.
        radios = re.findall(rf'name="{field}" value="([^"]+)"', chunk)
        selects = re.findall(rf'<select id="[^"]+" name="({field}-[^"]+)"', chunk)
        if radios:
            found.append((qid, {field: radios[0]}))
        elif selects:
            options = re.findall(r'<option value="([^"]+)"', chunk)
            rights = [o for o in options if not o.isdigit()]
            if rights:
                found.append((qid, dict.fromkeys(selects, rights[0])))
            else:
                found.append(
                    (qid, {name: str(i + 1) for i, name in enumerate(selects)})
                )
        elif f'name="{field}"' in chunk:
            found.append((qid, {field: "answer"}))
    return found


def main() -> None:
    base, users_file, out_file, quiz_path = sys.argv[1:5]
    with open(users_file, encoding="utf-8") as handle:
        users = json.load(handle)
    log = Log()
    threads = [
        threading.Thread(
            target=Learner(base, u["email"], u["password"], log).run, args=(quiz_path,)
        )
        for u in users
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    result = {
        "seconds": time.perf_counter() - started,
        "timings": log.timings,
        "errors": log.errors,
    }
    with open(out_file, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
