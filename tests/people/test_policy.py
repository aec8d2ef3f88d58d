"""The rule book of people administration, without app or database."""

from __future__ import annotations

import pytest

from lms.models.person import ROLE_VALUES
from lms.people.policy import (
    ALL_ROLES,
    can_manage,
    forbidden_role_change,
    grantable_roles,
    self_lockout_roles,
)

ADMIN, HR, AUTHOR, LEARNER = {"admin"}, {"hr"}, {"author"}, {"learner"}


def test_the_roles_mirror_the_model() -> None:
    assert set(ROLE_VALUES) == ALL_ROLES


@pytest.mark.parametrize(
    ("actor", "grantable"),
    [
        (None, ALL_ROLES),
        (ADMIN, ALL_ROLES),
        (HR | AUTHOR, LEARNER),
        (HR, LEARNER),
        (AUTHOR, set()),
        (LEARNER, set()),
    ],
)
def test_grantable_roles(actor: set[str] | None, grantable: set[str]) -> None:
    assert grantable_roles(actor) == grantable


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        (ADMIN, ADMIN, True),
        (ADMIN, HR | AUTHOR, True),
        (None, ADMIN, True),
        (HR, LEARNER, True),
        (HR, set(), True),
        (HR, LEARNER | AUTHOR, False),
        (HR, HR, False),
        (HR, ADMIN, False),
        (AUTHOR, LEARNER, False),
        (LEARNER, LEARNER, False),
    ],
)
def test_can_manage(actor: set[str] | None, target: set[str], allowed: bool) -> None:
    assert can_manage(actor, target) is allowed


@pytest.mark.parametrize(
    ("actor", "old", "new", "forbidden"),
    [
        (HR, set(), LEARNER, set()),
        (HR, set(), LEARNER | AUTHOR, AUTHOR),
        (HR, HR, HR | AUTHOR, AUTHOR),
        (HR, LEARNER, HR, HR),
        (HR, LEARNER | AUTHOR, LEARNER, AUTHOR),
        (ADMIN, LEARNER, ADMIN | HR, set()),
    ],
)
def test_forbidden_role_change(
    actor: set[str], old: set[str], new: set[str], forbidden: set[str]
) -> None:
    assert forbidden_role_change(actor, old, new) == forbidden


def test_nobody_takes_their_own_administration_roles() -> None:
    assert self_lockout_roles(ADMIN | HR, LEARNER) == ADMIN | HR
    assert self_lockout_roles(ADMIN, ADMIN | AUTHOR) == set()
    assert self_lockout_roles(AUTHOR, LEARNER) == set()
