"""Earning a certificate: the rule, exactly once, the stored PDF, renewal."""

from __future__ import annotations

import subprocess
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.certify.codes import normalize_code
from lms.certify.pdfcheck import pdf_sha256, read_attachment
from lms.certify.queries import status_of
from lms.db import get_database, utcnow
from lms.models import Certificate, Person
from tests.certify.helpers import (
    complete_lessons,
    earn,
    issue,
    pass_quiz,
)

NOW = utcnow().replace(microsecond=0)


@pytest.fixture
def learner(app: Any, make_person: Any, synced: Any) -> Any:
    person = make_person(name="Zoë Müller-Łukasiewicz")
    session = get_database(app).sessionmaker()
    loaded = session.get(Person, person.id)
    session.commit()
    yield session, loaded
    session.close()


def test_nothing_is_issued_until_the_whole_rule_is_met(learner: Any) -> None:
    session, person = learner
    complete_lessons(session, person, NOW)
    assert issue(session, person, NOW) is None
    pass_quiz(session, person, "basics", NOW)
    pass_quiz(session, person, "advanced", NOW)
    assert issue(session, person, NOW) is None
    pass_quiz(session, person, "final", NOW, right=False)
    assert issue(session, person, NOW) is None
    pass_quiz(session, person, "final", NOW)
    certificate = issue(session, person, NOW)
    assert certificate is not None
    assert certificate.number == f"CSE-{NOW.year}-000001"
    assert (
        normalize_code(certificate.verification_code) == certificate.verification_code
    )
    assert certificate.valid_until == NOW.date() + timedelta(days=365)
    assert certificate.score_percent == 100.0


def test_issued_once_however_often_the_rule_is_checked(learner: Any) -> None:
    session, person = learner
    earn(session, person, NOW)
    for _ in range(3):
        assert issue(session, person, NOW + timedelta(minutes=1)) is None
    assert session.scalar(select(func.count(Certificate.id))) == 1


def test_exactly_once_under_concurrent_requests(app: Any, learner: Any) -> None:
    session, person = learner
    complete_lessons(session, person, NOW)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, person, bank, NOW)
    results: list[object] = []
    errors: list[BaseException] = []

    def worker() -> None:
        own = get_database(app).sessionmaker()
        try:
            results.append(issue(own, own.get(Person, person.id), NOW))
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(1 for r in results if r is not None) == 1
    assert session.scalar(select(func.count(Certificate.id))) == 1


def test_the_stored_pdf_names_holder_number_and_code(
    learner: Any, tmp_path: Any
) -> None:
    session, person = learner
    certificate = earn(session, person, NOW)
    stored = session.scalar(select(Certificate.pdf))
    assert pdf_sha256(stored) == certificate.pdf_sha256
    (tmp_path / "c.pdf").write_bytes(stored)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Zoë Müller-Łukasiewicz" in text
    assert certificate.number in text
    assert certificate.verification_code in text
    record = read_attachment(stored)
    assert record["number"] == certificate.number
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    page = next(tmp_path.glob("page*.png"))
    qr = subprocess.run(
        ["zbarimg", "--raw", "-q", str(page)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert qr == f"http://lms.test/verify/{certificate.verification_code}"


def test_renewal_supersedes_only_inside_the_window(learner: Any) -> None:
    session, person = learner
    first = earn(session, person, NOW)
    early = NOW + timedelta(days=200)
    pass_quiz(session, person, "final", early)
    assert issue(session, person, early) is None
    window = NOW + timedelta(days=340)
    pass_quiz(session, person, "final", window)
    renewed = issue(session, person, window)
    assert renewed is not None
    session.refresh(first)
    assert first.superseded_by_id == renewed.id
    assert status_of(first, window.date()) == "superseded"
    assert renewed.valid_until == window.date() + timedelta(days=365)
    assert renewed.number != first.number
    assert renewed.number.startswith(f"CSE-{window.year}-")


def test_expired_certificate_is_renewed_by_passing_again(learner: Any) -> None:
    session, person = learner
    first = earn(session, person, NOW)
    later = NOW + timedelta(days=400)
    assert status_of(first, later.date()) == "expired"
    pass_quiz(session, person, "final", later)
    assert issue(session, person, later) is not None


def test_a_course_can_leave_module_quizzes_out_of_its_rule(
    learner: Any, sync: Any
) -> None:
    from tests.content.course_tree import COURSE as FILES

    course_md = str(FILES["courses/cse/course.md"]).replace(
        "final_exam: final\n",
        "final_exam: final\ncompletion:\n  module_quizzes: false\n",
    )
    assert sync({"courses/cse/course.md": course_md}).ok
    session, person = learner
    complete_lessons(session, person, NOW)
    pass_quiz(session, person, "final", NOW)
    assert issue(session, person, NOW) is not None


def test_completion_rule_keys_are_checked(sync: Any, synced: Any) -> None:
    from tests.content.course_tree import COURSE as FILES

    course_md = str(FILES["courses/cse/course.md"]).replace(
        "final_exam: final\n", "final_exam: final\ncompletion:\n  lessons: maybe\n"
    )
    report = sync({"courses/cse/course.md": course_md})
    assert any(
        "'completion.lessons' must be true or false" in line for line in report.lines
    )
