"""A learner's whole way, in a real browser: lessons, quizzes, certificate, verify."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.badges.verifier import node_verify
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.e2e


def fetched_documents(base: str, credential: dict[str, Any]) -> dict[str, Any]:
    """What a verifier fetches: the did:web document and the status list."""

    def get(url: str) -> Any:
        assert url.startswith(base)
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return json.load(response)

    status_url = credential["credentialStatus"]["statusListCredential"]
    return {
        credential["issuer"]["id"]: get(base + "/.well-known/did.json"),
        status_url: get(status_url),
    }


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/login")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def take_quiz(
    page: Any, base: str, bank: str, right: bool, check_resume: bool = False
) -> None:
    page.goto(f"{base}/courses/cse/quiz/{bank}")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Start")).click()
    page.wait_for_url(re.compile(r"/attempts/"))
    assert_accessible(page)
    fieldsets = page.locator("fieldset.question")
    expect(fieldsets.first).to_be_visible()
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        text = fieldset.inner_text()
        if "greeting" in text:
            label = "Good morning, how can I help?" if right else "What?"
        else:
            label = "Listen without interrupting." if right else "Argue back."
        fieldset.get_by_label(label).check()
        # The script saves each answer as it is given.
        fieldset.locator("[data-state].is-saved").wait_for()
    if check_resume:
        page.reload()
        expect(page.locator("input[type=radio]:checked")).to_have_count(
            fieldsets.count()
        )
    page.get_by_role("button", name="Finish and submit").click()
    page.wait_for_url(re.compile(r"/submit$"))
    assert_accessible(page)
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/result$"))
    assert_accessible(page)
    expected = "Passed." if right else "Not passed yet."
    expect(page.locator(".result-summary")).to_contain_text(expected)


def test_learner_reads_passes_and_gets_a_verifiable_certificate(
    live_server: str, new_page: Any, make_person: Any, tmp_path: Path
) -> None:
    base = live_server
    person = make_person(name="Grace Hopper")
    page = new_page()
    log_in(page, base, person.email)
    assert_accessible(page)
    page.get_by_role("link", name="Customer Service", exact=True).click()
    page.wait_for_url(base + "/courses/cse")
    assert_accessible(page)
    page.get_by_role("link", name="Start the course").click()
    page.wait_for_url(re.compile(r"/courses/cse/.+/.+"))
    assert_accessible(page)
    expect(page.locator("article > h1")).to_have_text("Welcome")
    page.get_by_role("button", name="Next: The phone").click()
    # After a module's last lesson, "Next" leads to its module quiz.
    page.get_by_role("button", name="Next: Module quiz: Basics").click()
    page.wait_for_url(re.compile(r"/quiz/basics$"))
    page.goto(base + "/courses/cse/advanced/complaints")
    page.get_by_role("button", name="Next: Module quiz: Advanced").click()
    page.wait_for_url(re.compile(r"/quiz/advanced$"))
    page.goto(base + "/courses/cse")
    expect(page.locator("main")).to_contain_text("3 of 3 lessons done")

    # The final exam stays locked until both module quizzes are passed.
    page.goto(f"{base}/courses/cse/quiz/final")
    missing = page.locator("ul.exam-missing")
    expect(missing.get_by_role("link")).to_have_text(
        ["Module quiz: Basics", "Module quiz: Advanced"]
    )
    expect(page.get_by_role("button", name=re.compile("Start"))).to_have_count(0)
    assert_accessible(page)
    missing.get_by_role("link", name="Module quiz: Basics").click()
    page.wait_for_url(re.compile(r"/quiz/basics$"))

    take_quiz(page, base, "basics", right=False)
    take_quiz(page, base, "basics", right=True, check_resume=True)
    take_quiz(page, base, "advanced", right=True)
    take_quiz(page, base, "final", right=True)
    expect(page.locator("main")).to_contain_text("You have earned your certificate.")

    page.goto(base + "/courses/cse")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.goto(base + "/certificates")
    assert_accessible(page)
    # The same certificate as a signed Open Badge, checked by an outside verifier.
    with page.expect_download() as badge_info:
        page.get_by_role("link", name=re.compile("Open Badge")).click()
    credential = json.loads(Path(badge_info.value.path()).read_text("utf-8"))
    documents = fetched_documents(base, credential)
    result = node_verify(credential, documents, now=credential["validFrom"])
    assert result["verified"] is True, result["errors"]
    assert result["status"]["revoked"] is False

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]", text)
    assert code, text
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    qr_url = subprocess.run(
        ["zbarimg", "--raw", "-q", str(next(tmp_path.glob("p*.png")))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert qr_url == f"{base}/verify/{code.group(0)}"

    stranger = new_page()
    stranger.goto(base + "/verify")
    assert_accessible(stranger)
    stranger.get_by_label("Verification code").fill(
        code.group(0).lower().replace("-", "")
    )
    with stranger.expect_navigation():
        stranger.get_by_role("button", name="Verify").click()
    expect(stranger.locator(".result-summary")).to_contain_text("Valid")
    expect(stranger.locator("main")).to_contain_text("Grace Hopper")
    assert_accessible(stranger)
    stranger.goto(qr_url)
    expect(stranger.locator(".result-summary")).to_contain_text("Valid")
