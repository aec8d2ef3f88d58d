"""People files, a minimal SMTP sink and database checks for the import tests."""

from __future__ import annotations

import base64
import email
import email.policy
import io
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import openpyxl
from flask import Flask
from sqlalchemy import select

from lms.db import get_database
from lms.models import AuditEntry, Department, Person

HEADER = "email,name,employee_id,department,manager,language,roles,active"


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_file(*rows: list[object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Snapshot:
    """A person as stored, with names instead of ids, for comparisons."""

    email: str
    name: str
    employee_id: str | None
    department: str | None
    manager: str | None
    language: str
    roles: frozenset[str]
    active: bool


def people(app: Flask) -> dict[str, Snapshot]:
    """Everyone in the database by e-mail address."""
    with get_database(app).sessionmaker() as session:
        departments = {d.id: d.name for d in session.scalars(select(Department))}
        everyone = session.scalars(select(Person)).all()
        email_of = {person.id: person.email for person in everyone}
        return {
            person.email: Snapshot(
                person.email,
                person.name,
                person.employee_id,
                departments.get(person.department_id or 0),
                email_of.get(person.manager_id or 0),
                person.language,
                person.roles,
                person.active,
            )
            for person in everyone
        }


def department_names(app: Flask) -> list[str]:
    with get_database(app).sessionmaker() as session:
        return sorted(session.scalars(select(Department.name)))


def audit_entries(app: Flask, action: str | None = None) -> list[AuditEntry]:
    with get_database(app).sessionmaker() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        return list(session.scalars(query))


@dataclass
class SmtpSink:
    """What a test SMTP server received."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    host: str = "127.0.0.1"
    port: int = 0


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA."""

    def reply(self, *lines: str) -> None:
        for index, line in enumerate(lines):
            separator = " " if index == len(lines) - 1 else "-"
            self.wfile.write(f"{line[:3]}{separator}{line[4:]}\r\n".encode())

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        sender, recipients = "", []
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode("utf-8").rstrip("\r\n")
            verb, _, argument = command.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250 sink", "250 AUTH PLAIN", "250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "AUTH":
                _, _, token = argument.partition(" ")
                _, user, password = base64.b64decode(token).decode().split("\0")
                sink.logins.append((user, password))
                self.reply("235 welcome")
            elif verb == "MAIL":
                sender, recipients = argument.split(":", 1)[1].strip("<> "), []
                self.reply("250 ok")
            elif verb == "RCPT":
                address = argument.split(":", 1)[1].strip().strip("<>")
                if address in sink.refuse:
                    self.reply("550 no such mailbox")
                else:
                    recipients.append(address)
                    self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                self._read_data(sink, sender, recipients)
                self.reply("250 queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _read_data(self, sink: SmtpSink, sender: str, recipients: list[str]) -> None:
        body = bytearray()
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            line = line[1:] if line.startswith(b"..") else line
            body += line.replace(b"\r\n", b"\n")  # back to Python's line ends
        message = email.message_from_bytes(bytes(body), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        sink.messages.append(message)
        sink.envelopes.append((sender, list(recipients)))


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.sink = sink  # type: ignore[attr-defined]
    sink.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def smtp_config(sink: SmtpSink, **extra: Any) -> dict[str, Any]:
    return {
        "LMS_SMTP_HOST": sink.host,
        "LMS_SMTP_PORT": str(sink.port),
        "LMS_SMTP_FROM": "training@example.com",
        **extra,
    }
