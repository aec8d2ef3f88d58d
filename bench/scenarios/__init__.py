"""The registry of benchmark scenarios: name -> function returning figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.results import Figure
from bench.scenarios import (
    attempt,
    authoring,
    certificate,
    exam,
    home,
    hr,
    lesson,
    mixed,
    mixed_timed,
    people_import,
    quiz,
    sync,
    xlsx,
)

Scenario = Callable[[Path], list[Figure]]

SCENARIOS: dict[str, Scenario] = {
    "home": home.run,
    "certificate": certificate.run,
    "lesson": lesson.run,
    "attempt": attempt.run,
    "quiz": quiz.run,
    "mixed": mixed.run,
    "sync": sync.run,
    "hr": hr.run,
    "people_import": people_import.run,
    "authoring": authoring.run,
    "xlsx": xlsx.run,
    "exam": exam.run,
    "mixed_timed": mixed_timed.run,
}
