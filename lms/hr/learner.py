"""A learner's own assignments, as the home page lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lms.content.urls import course_url
from lms.hr.matrix import STATUS_LABELS, assignment_states
from lms.hr.rules import Status
from lms.models import Person


@dataclass(frozen=True)
class LearnerAssignment:
    course_id: int
    title: str
    url: str
    status: Status
    status_label: str
    assigned_on: date
    due_on: date | None
    completed_on: date | None
    expires_on: date | None

    @property
    def is_overdue(self) -> bool:
        return self.status is Status.OVERDUE


_LEARNER_ORDER = {
    Status.OVERDUE: 0,
    Status.EXPIRED: 1,
    Status.IN_PROGRESS: 2,
    Status.NOT_STARTED: 2,
    Status.EXPIRING: 3,
    Status.COMPLETED: 4,
}


def assignments_for(
    session: Session, person: Person, today: date
) -> list[LearnerAssignment]:
    """A learner's assignments: overdue first, then by due date; a few queries."""
    states = assignment_states(
        session, today=today, person_ids=[person.id], language=person.language
    )
    items = [
        LearnerAssignment(
            course_id=state.row.course_id,
            title=state.row.course_title,
            url=course_url(state.course_slug),
            status=state.row.status,
            status_label=str(STATUS_LABELS[state.row.status]),
            assigned_on=state.row.assigned_on,
            due_on=state.row.due_on,
            completed_on=state.row.completed_on,
            expires_on=state.row.expires_on,
        )
        for state in states
    ]
    items.sort(
        key=lambda item: (
            _LEARNER_ORDER[item.status],
            item.due_on is None,
            item.due_on or today,
            item.title.casefold(),
        )
    )
    return items
