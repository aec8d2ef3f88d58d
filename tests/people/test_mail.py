"""Sending mail through a local SMTP sink, and the set-password mail."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from lms.files.smtp import Mail, MailError, SmtpSettings, send_mails
from lms.people.mail import password_link_mail
from tests.people.helpers import csv_file, smtp_config, smtp_sink

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def settings_for(port: int, **extra: Any) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, sender="lms@example.com", **extra)


def test_mails_arrive_with_their_headers_and_body() -> None:
    with smtp_sink() as sink:
        report = send_mails(
            settings_for(sink.port, user="mailer", password="s3cret"),
            [
                Mail("a@example.com", "Hello", "Line one\nLine two\n"),
                Mail("b@example.com", "Hallo", "Grüße\n", language="de"),
            ],
            NOW,
        )

    assert report.sent == ("a@example.com", "b@example.com")
    assert report.failed == ()
    assert sink.logins == [("mailer", "s3cret")]
    assert sink.envelopes == [
        ("lms@example.com", ["a@example.com"]),
        ("lms@example.com", ["b@example.com"]),
    ]
    first, second = sink.messages
    assert (first["From"], first["To"], first["Subject"]) == (
        "lms@example.com",
        "a@example.com",
        "Hello",
    )
    assert first["Date"] == "Mon, 02 Nov 2026 09:00:00 +0000"
    assert first.get_content() == "Line one\nLine two\n"
    assert second.get_content() == "Grüße\n"
    assert second["Content-Language"] == "de"


def test_a_refused_address_fails_alone() -> None:
    with smtp_sink() as sink:
        sink.refuse.add("gone@example.com")
        report = send_mails(
            settings_for(sink.port),
            [Mail("gone@example.com", "S", "B"), Mail("ok@example.com", "S", "B")],
            NOW,
        )
    assert report.sent == ("ok@example.com",)
    assert report.failed == (("gone@example.com", "550 no such mailbox"),)


def test_nothing_to_send_needs_no_server() -> None:
    assert send_mails(settings_for(1), [], NOW).sent == ()


def test_an_unreachable_server_is_one_error() -> None:
    with smtp_sink() as sink:
        port = sink.port
    with pytest.raises(MailError, match=f"127.0.0.1:{port}"):
        send_mails(settings_for(port, timeout=5), [Mail("a@x.org", "S", "B")], NOW)


def test_starttls_that_the_server_does_not_offer_is_an_error() -> None:
    with smtp_sink() as sink, pytest.raises(MailError, match="STARTTLS"):
        send_mails(
            settings_for(sink.port, starttls=True), [Mail("a@x.org", "S", "B")], NOW
        )


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, None),
        ({"LMS_SMTP_HOST": " "}, None),
        (
            {"LMS_SMTP_HOST": "mail.example.com"},
            SmtpSettings("mail.example.com", 25, sender="lms@mail.example.com"),
        ),
        (
            {
                "LMS_SMTP_HOST": "mail.example.com",
                "LMS_SMTP_STARTTLS": "true",
                "LMS_SMTP_USER": "u",
                "LMS_SMTP_PASSWORD": "p",
                "LMS_SMTP_FROM": "Training <training@example.com>",
            },
            SmtpSettings(
                "mail.example.com",
                587,
                user="u",
                password="p",
                sender="Training <training@example.com>",
                starttls=True,
            ),
        ),
        (
            {"LMS_SMTP_HOST": "m", "LMS_SMTP_PORT": "2525", "LMS_SMTP_STARTTLS": "0"},
            SmtpSettings("m", 2525, sender="lms@m"),
        ),
    ],
)
def test_settings_from_the_configuration(
    config: dict[str, str], expected: SmtpSettings | None
) -> None:
    assert SmtpSettings.from_config(config) == expected


def test_a_port_that_is_not_a_number() -> None:
    with pytest.raises(MailError, match="LMS_SMTP_PORT"):
        SmtpSettings.from_config({"LMS_SMTP_HOST": "m", "LMS_SMTP_PORT": "smtp"})


def test_the_password_never_shows_in_the_settings_repr() -> None:
    assert "s3cret" not in repr(SmtpSettings("m", password="s3cret"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_set_password_mail(app: Flask, language: str) -> None:
    with app.app_context():
        mail = password_link_mail(
            to="a@example.com",
            name="Anna",
            language=language,
            link="http://lms.test/set-password/abc",
            valid_days=7,
        )
    assert mail.language == language
    assert mail.to == "a@example.com"
    assert "Anna" in mail.body
    assert "http://lms.test/set-password/abc" in mail.body
    assert "7" in mail.body
    assert mail.subject


def test_the_command_mails_each_new_person_their_link(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(
        csv_file(
            "email,name,language",
            "anna@example.com,Anna,de",
            "gone@example.com,Gone,en",
            "ben@example.com,Ben,en",
        )
    )
    with smtp_sink() as sink:
        sink.refuse.add("gone@example.com")
        app.config.update(smtp_config(sink))
        result = runner.invoke(args=["users", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert "e-mailed 2 invitation(s) with a set-password link" in result.stdout
    assert "warning: no e-mail to gone@example.com: 550" in result.stderr
    printed = dict(
        line.split("  ") for line in result.stdout.splitlines() if "  http" in line
    )
    by_address = {message["To"]: message for message in sink.messages}
    assert sorted(by_address) == ["anna@example.com", "ben@example.com"]
    assert printed["ben@example.com"] in by_address["ben@example.com"].get_content()
    assert by_address["anna@example.com"]["Content-Language"] == "de"


def test_the_command_still_prints_links_when_mail_fails(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file("email,name", "anna@example.com,Anna"))
    with smtp_sink() as sink:
        port = sink.port
    app.config.update({"LMS_SMTP_HOST": "127.0.0.1", "LMS_SMTP_PORT": str(port)})
    result = runner.invoke(args=["users", "import", str(path)])

    assert result.exit_code == 0
    assert "anna@example.com  http://lms.test/set-password/" in result.stdout
    assert "warning: could not send e-mail" in result.stderr


def test_a_dry_run_sends_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file("email,name", "anna@example.com,Anna"))
    with smtp_sink() as sink:
        app.config.update(smtp_config(sink))
        result = runner.invoke(args=["users", "import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert sink.messages == []
