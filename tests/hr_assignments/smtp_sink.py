"""A local SMTP server that keeps what it receives: enough for smtplib."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.messages: list[EmailMessage] = []


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, text: bytes) -> None:
        self.wfile.write(text + b"\r\n")

    def handle(self) -> None:
        self.reply(b"220 sink ESMTP")
        lines: list[bytes] = []
        in_data = False
        while line := self.rfile.readline():
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    raw = b"".join(lines)
                    parsed = message_from_bytes(raw, policy=policy.default)
                    self.server.messages.append(cast(EmailMessage, parsed))
                    lines, in_data = [], False
                    self.reply(b"250 queued")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            if command == b"EHLO":
                self.reply(b"250-sink")
                self.reply(b"250 8BITMIME")
            elif command == b"DATA":
                in_data = True
                self.reply(b"354 end with a dot")
            elif command == b"QUIT":
                self.reply(b"221 bye")
                return
            else:
                self.reply(b"250 ok")


@contextmanager
def smtp_sink() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
