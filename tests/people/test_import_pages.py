"""The upload page: upload, preview, skip bad rows, confirm, links shown once."""

from __future__ import annotations

import io
import json
import re
import secrets
from typing import Any

import pytest
from flask import Flask

from lms.people import import_views as people_views
from tests.fixtures.people import PASSWORD
from tests.people.helpers import (
    HEADER,
    audit_entries,
    csv_file,
    people,
    smtp_config,
    smtp_sink,
    xlsx_file,
)

PAYLOAD = re.compile(r'name="payload" value="([^"]+)"')
LINK = re.compile(r'value="(http://lms\.test/set-password/[^"]+)"')
GOOD = csv_file(HEADER, "anna@example.com,Anna Berg,E1,Sales", "ben@example.com,Ben,E2")
WITH_BAD_ROW = csv_file(
    HEADER, "anna@example.com,Anna Berg,E1", "broken,Broken,E2", "cleo@example.com,C"
)


def upload(client: Any, data: bytes, name: str = "people.csv") -> Any:
    response = client.submit(
        "/hr/people/import",
        {"file": (io.BytesIO(data), name)},
        page="/hr/people/import",
        content_type="multipart/form-data",
    )
    # Bodies over 500 kB go to a temporary file that Werkzeug's test client closes
    # only when it follows redirects.
    response.request.input_stream.close()
    return response


def payload_of(response: Any) -> str:
    match = PAYLOAD.search(response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return match.group(1)


def test_upload_preview_confirm_and_the_links_work(
    app: Flask, client: Any, auth: Any, make_client: Any
) -> None:
    hr = auth.login("hr")
    assert 'type="file"' in client.get("/hr/people/import").get_data(as_text=True)

    preview = upload(client, GOOD)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "/hr/people/import/confirm" in html
    assert "anna@example.com" in html
    assert "Sales" in html
    assert set(people(app)) == {hr.email}  # the preview changes nothing

    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    assert done.status_code == 200
    assert done.headers["Cache-Control"] == "no-store"
    links = LINK.findall(done.get_data(as_text=True))
    assert len(links) == 2
    assert {"anna@example.com", "ben@example.com"} <= set(people(app))
    [entry] = audit_entries(app, "people.import")
    assert entry.actor_id == hr.id
    assert json.loads(entry.details_json)["created"] == 2

    newcomer = make_client()
    path = links[0].removeprefix("http://lms.test")
    response = newcomer.submit(
        path, {"password": PASSWORD, "confirm": PASSWORD}, page=path
    )
    assert response.status_code == 302
    # Links are listed in file order: the first is Anna's.
    login = newcomer.submit(
        "/login", {"email": "anna@example.com", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_an_xlsx_upload(app: Flask, client: Any, auth: Any) -> None:
    auth.login("admin")
    data = xlsx_file(["email", "name"], ["x@example.com", "X"])
    preview = upload(client, data, "people.xlsx")
    client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    assert "x@example.com" in people(app)


def test_bad_rows_block_the_import_until_skipping_is_chosen(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("hr")
    preview = upload(client, WITH_BAD_ROW)
    html = preview.get_data(as_text=True)
    assert "Row 3, column E-mail address: not a valid e-mail address" in html
    assert "/hr/people/import/confirm" not in html  # no confirmation offered
    payload = payload_of(preview)

    # Confirming anyway imports nothing.
    refused = client.submit("/hr/people/import/confirm", {"payload": payload}, page="/")
    assert refused.status_code == 409
    assert "anna@example.com" not in people(app)

    unticked = client.submit(
        "/hr/people/import/preview", {"payload": payload}, page="/"
    )
    assert "/hr/people/import/confirm" not in unticked.get_data(as_text=True)
    # Not a silent reload: the form says why nothing happened.
    assert unticked.status_code == 400
    assert "Tick the box to leave out the rows with problems" in unticked.get_data(
        as_text=True
    )
    skipping = client.submit(
        "/hr/people/import/preview", {"payload": payload, "skip": "1"}, page="/"
    )
    html = skipping.get_data(as_text=True)
    assert "/hr/people/import/confirm" in html
    assert 'name="skip" value="1"' in html

    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload, "skip": "1"}, page="/"
    )
    assert done.status_code == 200
    assert {"anna@example.com", "cleo@example.com"} <= set(people(app))
    assert len(LINK.findall(done.get_data(as_text=True))) == 2


def test_a_file_that_cannot_be_read_offers_nothing_to_confirm(
    client: Any, auth: Any
) -> None:
    auth.login("hr")
    preview = upload(client, b"just,some\n", "people.csv")
    html = preview.get_data(as_text=True)
    assert "required column is missing" in html
    assert "payload" not in html


def test_a_tampered_payload_is_refused(app: Flask, client: Any, auth: Any) -> None:
    auth.login("hr")
    payload = payload_of(upload(client, GOOD))
    forged = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")

    response = client.submit("/hr/people/import/confirm", {"payload": forged}, page="/")
    assert response.status_code == 400
    assert "anna@example.com" not in people(app)
    response = client.submit("/hr/people/import/confirm", {"payload": ""}, page="/")
    assert response.status_code == 400


def test_a_payload_needs_the_csrf_token(client: Any, auth: Any) -> None:
    auth.login("hr")
    payload = payload_of(upload(client, GOOD))
    response = client.post("/hr/people/import/confirm", data={"payload": payload})
    assert response.status_code == 400


def test_a_payload_signed_for_someone_else_is_refused(
    app: Flask, client: Any, auth: Any, make_client: Any
) -> None:
    auth.login("hr")
    payload = payload_of(upload(client, GOOD))
    other = make_client()
    type(auth)(other, auth.make_person).login("hr")

    response = other.submit("/hr/people/import/confirm", {"payload": payload}, page="/")
    assert response.status_code == 400


def test_an_expired_preview_asks_for_the_file_again(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.login("hr")
    payload = payload_of(upload(client, GOOD))
    monkeypatch.setattr(people_views, "PAYLOAD_MAX_AGE", -1)

    response = client.submit(
        "/hr/people/import/confirm", {"payload": payload}, page="/"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/hr/people/import")


def test_a_large_file_round_trips_through_the_preview(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("hr")
    # Random notes do not compress: the signed payload is far over 500 kB.
    lines = [f"p{n}@example.com,P{n},{secrets.token_hex(30_000)}" for n in range(40)]
    data = csv_file("email,name,notes", *lines)
    preview = upload(client, data)
    assert len(payload_of(preview)) > 2_000_000

    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    assert done.status_code == 200
    assert {"p0@example.com", "p39@example.com"} <= set(people(app))


def test_files_over_five_megabytes_are_refused(client: Any, auth: Any) -> None:
    auth.login("hr")
    response = upload(client, b"email,name\n" + b"x" * (5 * 1024 * 1024))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.get_data(as_text=True)


def test_no_file_chosen(client: Any, auth: Any) -> None:
    auth.login("hr")
    response = client.submit(
        "/hr/people/import", {}, page="/hr/people/import",
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", "author"])
def test_only_hr_and_admins_may_import(
    client: Any, auth: Any, make_client: Any, role: str
) -> None:
    auth.login("hr")
    payload = payload_of(upload(client, GOOD))
    other = make_client()
    type(auth)(other, auth.make_person).login(role)

    assert other.get("/hr/people/import").status_code == 403
    for url in ("/hr/people/import/preview", "/hr/people/import/confirm"):
        assert other.submit(url, {"payload": payload}, page="/").status_code == 403
    assert other.get("/audit").status_code == 403
    assert other.get("/audit.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client: Any) -> None:
    response = client.get("/hr/people/import")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_new_people_are_mailed_their_links(app: Flask, client: Any, auth: Any) -> None:
    auth.login("hr")
    data = csv_file(
        "email,name,language", "anna@example.com,Anna,de", "ben@x.org,Ben,en"
    )
    with smtp_sink() as sink:
        app.config.update(smtp_config(sink))
        preview = upload(client, data)
        done = client.submit(
            "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
        )

    assert "2 set-password links were sent by e-mail" in done.get_data(as_text=True)
    by_address = {message["To"]: message for message in sink.messages}
    assert by_address["anna@example.com"]["Content-Language"] == "de"
    assert by_address["ben@x.org"]["Content-Language"] == "en"
    links = LINK.findall(done.get_data(as_text=True))
    assert any(link in by_address["ben@x.org"].get_content() for link in links)


def test_an_unreachable_mail_server_still_shows_the_links(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("hr")
    with smtp_sink() as sink:
        port = sink.port  # closed again when the block ends
    app.config.update({"LMS_SMTP_HOST": "127.0.0.1", "LMS_SMTP_PORT": str(port)})
    preview = upload(client, GOOD)
    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    html = done.get_data(as_text=True)
    assert "could not be sent" in html
    assert len(LINK.findall(html)) == 2
