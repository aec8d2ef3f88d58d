"""Made-up people for the demo organisation: German and English names, departments."""

from __future__ import annotations

import random
from collections.abc import Sequence, Set
from dataclasses import dataclass

from lms.files.zipstream import safe_name_part

DEPARTMENTS = (
    "Kundenservice",
    "Vertrieb",
    "Finance",
    "Personal",
    "IT Operations",
    "Logistik",
    "Marketing",
    "Produktion",
    "Legal & Compliance",
    "Research and Development",
)
EMAIL_DOMAIN = "example.com"
EMPLOYEE_ID_PREFIX = "DEMO-"
GERMAN_SHARE = 0.6


def _words(text: str) -> list[str]:
    return text.split()


# First names and last names per language, one string each for compactness.
_NAMES = {
    "de": (
        _words(
            "Anna Lukas Leonie Felix Sophie Jonas Marie Paul Lena Maximilian Hannah "
            "Jürgen Mia Niklas Emilia Tobias Katharina Stefan Sabine Matthias Ümran "
            "Björn Johanna Sören Clara Moritz Greta Fabian Lea Jörg"
        ),
        _words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz "
            "Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz "
            "Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause "
            "Meier Lehmann Groß Weiß Köhler Jäger"
        ),
    ),
    "en": (
        _words(
            "Oliver Amelia George Isla Harry Ava Jack Emily Charlie Sophia Thomas "
            "Grace James Olivia William Lily Noah Freya Arthur Chloe Henry Evie Oscar "
            "Ella Leo Poppy Alfie Ruby Theo Zoe"
        ),
        _words(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright "
            "Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke "
            "O'Neill Patel Hughes Edwards Turner Morgan Campbell Murphy"
        ),
    ),
}


@dataclass(frozen=True)
class DemoPerson:
    index: int
    name: str
    email: str
    employee_id: str
    language: str
    department: str
    is_manager: bool


def email_for(first: str, last: str, taken: Set[str]) -> str:
    """first.last@example.com in ASCII; a number is added when that one is taken."""
    parts = (safe_name_part(part.replace("'", "")) for part in (first, last))
    local = ".".join(parts).lower()
    email, number = f"{local}@{EMAIL_DOMAIN}", 1
    while email in taken:
        number += 1
        email = f"{local}{number}@{EMAIL_DOMAIN}"
    return email


def make_people(
    rng: random.Random,
    count: int,
    first_index: int,
    departments: Sequence[str],
    taken_emails: set[str],
) -> list[DemoPerson]:
    """``count`` people; the first of each department (while they last) manages it.

    ``taken_emails`` is updated with the addresses handed out.
    """
    people = []
    for offset in range(count):
        language = "de" if rng.random() < GERMAN_SHARE else "en"
        firsts, lasts = _NAMES[language]
        first, last = rng.choice(firsts), rng.choice(lasts)
        email = email_for(first, last, taken_emails)
        taken_emails.add(email)
        is_manager = offset < len(departments)
        department = (
            departments[offset] if is_manager else rng.choice(list(departments))
        )
        index = first_index + offset
        people.append(
            DemoPerson(
                index=index,
                name=f"{first} {last}",
                email=email,
                employee_id=f"{EMPLOYEE_ID_PREFIX}{index:06d}",
                language=language,
                department=department,
                is_manager=is_manager,
            )
        )
    return people
