"""Planning and applying the upsert of people rows: matching, checks, managers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.record import AuditRow, audit_many
from lms.auth.services import issue_password_tokens
from lms.models import Department, Person
from lms.models.person import new_session_key
from lms.people.accounts import change_entries
from lms.people.bulk import (
    Known,
    NewPerson,
    Outcome,
    RowOutcome,
    change_roles,
    clean,
    insert_people,
    load_known,
    update_people,
    wanted_values,
)
from lms.people.import_rows import (
    COLUMNS,
    PersonRow,
    RowProblem,
    row_problem,
)
from lms.people.matching import check_managers, match_rows
from lms.people.policy import (
    can_manage,
    forbidden_role_change,
    grantable_roles,
    self_lockout_roles,
)

ALL_COLUMNS = frozenset(COLUMNS)


@dataclass
class _Plan:
    row: PersonRow
    person: Known | None = None  # None: create
    changes: tuple[str, ...] = ()
    manager: tuple[str, int] | None = None  # ("person", id) or ("row", number)
    new_id: int = 0  # the id of the person created for the row, once inserted


class Importer:
    """Plans an import against the database (read only), then applies it."""

    def __init__(
        self,
        session: Session,
        actor: Person | None,
        rows: Sequence[PersonRow],
        columns: Collection[str],
    ) -> None:
        self.session, self.actor, self.columns = session, actor, columns
        self.rows = list(rows)
        self.problems: list[RowProblem] = []
        self.plans: dict[int, _Plan] = {}
        people = session.execute(select(Person.id, Person.email, Person.employee_id))
        self.id_by_email: dict[str, int] = {}
        self.id_by_employee_id: dict[str, int] = {}
        self.employee_id_of: dict[int, str | None] = {}
        for person_id, email, employee_id in people:
            self.id_by_email[email] = person_id
            self.employee_id_of[person_id] = employee_id
            if employee_id is not None:
                self.id_by_employee_id[employee_id] = person_id
        departments = session.scalars(select(Department)).all()
        self.departments = {dep.name.casefold(): dep for dep in departments}
        self.department_names = {dep.id: dep.name.casefold() for dep in departments}

    def problem(self, row: int, column: str, template: str, **params: object) -> None:
        self.add_problem(row_problem(row, column, template, **params))

    def add_problem(self, problem: RowProblem) -> None:
        self.problems.append(problem)
        self.plans.pop(problem.row, None)

    def plan(self) -> None:
        self.problems.extend(
            check_managers(self.rows, self.id_by_email, self.id_by_employee_id)
        )
        bad = {problem.row for problem in self.problems}
        matched = self._match([row for row in self.rows if row.row not in bad])
        people = load_known(self.session, set(matched.values()))
        for row in self.rows:
            if row.row in self.plans:
                person = people.get(matched.get(row.row, -1))
                self.plans[row.row].person = person
                self._compare(self.plans[row.row])
        self._resolve_managers()

    def _match(self, rows: list[PersonRow]) -> dict[int, int]:
        """Row number -> existing person id, for rows that update someone."""
        for row in rows:
            self.plans[row.row] = _Plan(row)
        matched, problems = match_rows(
            rows, self.id_by_email, self.id_by_employee_id, self.employee_id_of
        )
        for problem in problems:
            self.add_problem(problem)
        return {number: pid for number, pid in matched.items() if number in self.plans}

    def _compare(self, plan: _Plan) -> None:
        row, person = plan.row, plan.person
        wanted = wanted_values(row)
        if person is None:
            forbidden = forbidden_role_change(self._actor_roles(), (), row.roles)
            if forbidden:
                self.problem(
                    row.row,
                    "roles",
                    "only administrators can grant the role %(roles)s",
                    roles=", ".join(sorted(forbidden)),
                )
            return
        have = {
            "name": person.name,
            "email": person.email,
            "employee_id": person.employee_id,
            "department": self.department_names.get(person.department_id or -1),
            "language": person.language,
            "roles": person.roles,
            "active": person.active,
        }
        if row.employee_id is None:
            wanted.pop("employee_id")  # an empty cell never removes an employee id
        plan.changes = tuple(
            column
            for column, value in wanted.items()
            if (column in self.columns or column == "email") and have[column] != value
        )
        self._guard(plan)

    def _actor_roles(self) -> frozenset[str] | None:
        return None if self.actor is None else self.actor.roles

    def _guard(self, plan: _Plan) -> None:
        """Refuse what the actor may not do through the people pages either."""
        row, person = plan.row, plan.person
        if person is None or not plan.changes:
            return
        actor_roles = self._actor_roles()
        if not can_manage(actor_roles, person.roles):
            held = person.roles - grantable_roles(actor_roles)
            self.problem(
                row.row,
                "roles",
                "only administrators can change people with the role %(roles)s",
                roles=", ".join(sorted(held)),
            )
            return
        if "roles" in plan.changes:
            forbidden = forbidden_role_change(actor_roles, person.roles, row.roles)
            if forbidden:
                self.problem(
                    row.row,
                    "roles",
                    "only administrators can grant the role %(roles)s",
                    roles=", ".join(sorted(forbidden)),
                )
                return
        if self.actor is not None and person.id == self.actor.id:
            if "active" in plan.changes:
                self.problem(row.row, "active", "you cannot deactivate yourself")
            elif "roles" in plan.changes and self_lockout_roles(
                person.roles, row.roles
            ):
                self.problem(
                    row.row, "roles", "you cannot remove your own HR or admin role"
                )

    def _resolve_managers(self) -> None:
        """Point each row at its manager; rows whose manager is left out fail too."""
        in_file = {row.email: row.row for row in self.rows} | {
            row.employee_id: row.row for row in self.rows if row.employee_id
        }
        changed = True
        while changed:  # a row left out can leave out the rows it manages
            changed = False
            for plan in list(self.plans.values()):
                manager = self._manager_of(plan.row, in_file)
                if isinstance(manager, RowProblem):
                    self.add_problem(manager)
                    changed = True
                else:
                    plan.manager = manager
        for plan in self.plans.values():
            if plan.person is None or "manager" not in self.columns:
                continue
            manager_id: int | None = None
            if plan.manager is not None:
                # -1: someone this import creates, so certainly a change
                manager_id = plan.manager[1] if plan.manager[0] == "person" else -1
            if manager_id != plan.person.manager_id:
                plan.changes = (*plan.changes, "manager")

    def _manager_of(
        self, row: PersonRow, in_file: dict[str, int]
    ) -> tuple[str, int] | None | RowProblem:
        """("person", id) or ("row", number), None without a manager, else why not."""
        reference = row.manager_email or row.manager_employee_id
        if reference is None:
            return None
        known = self.id_by_email if row.manager_email else self.id_by_employee_id
        manager_row = in_file.get(reference)
        manager: tuple[str, int]
        if manager_row is not None and manager_row in self.plans:
            target = self.plans[manager_row].person
            manager = ("person", target.id) if target else ("row", manager_row)
        elif reference in known:
            manager = ("person", known[reference])
        elif manager_row is not None:
            return row_problem(
                row.row,
                "manager",
                "the manager in row %(first)s is not imported",
                first=manager_row,
            )
        else:
            return row_problem(
                row.row,
                "manager",
                "unknown manager %(manager)s",
                manager=repr(reference),
            )
        person = self.plans[row.row].person
        if person is not None and manager == ("person", person.id):
            return row_problem(
                row.row, "manager", "a person cannot be their own manager"
            )
        return manager

    def outcomes(self) -> tuple[RowOutcome, ...]:
        bad = {problem.row for problem in self.problems}
        result = []
        for row in self.rows:
            plan = self.plans.get(row.row)
            changes: tuple[str, ...]
            if plan is None or row.row in bad:
                outcome, changes = Outcome.PROBLEM, ()
            elif plan.person is None:
                outcome, changes = Outcome.CREATE, ()
            else:
                changes = plan.changes
                outcome = Outcome.UPDATE if changes else Outcome.UNCHANGED
            result.append(RowOutcome(row.row, row.email, row.name, outcome, changes))
        return tuple(result)

    def new_department_names(self) -> list[str]:
        names: dict[str, str] = {}
        if "department" in self.columns:
            for plan in self.plans.values():
                name = clean(plan.row.department or "")
                if name and name.casefold() not in self.departments:
                    names.setdefault(name.casefold(), name)
        return list(names.values())

    def apply(self, now: datetime) -> tuple[NewPerson, ...]:
        """Write the plan with a few statements per chunk of rows, none per row."""
        for name in self.new_department_names():
            self.departments[name.casefold()] = Department(name=name)
            self.session.add(self.departments[name.casefold()])
        self.session.flush()
        created = self._insert_new_people(now)
        self._update_people(now)
        tokens = issue_password_tokens(
            self.session, [plan.new_id for plan in created if plan.row.active], now
        )
        return tuple(
            NewPerson(
                plan.new_id,
                plan.row.email,
                clean(plan.row.name),
                plan.row.language,
                tokens.get(plan.new_id),
            )
            for plan in created
        )

    def _insert_new_people(self, now: datetime) -> list[_Plan]:
        """INSERT the people to create and their roles; their ids go to new_id."""
        created = [plan for plan in self.plans.values() if plan.person is None]
        id_of = insert_people(
            self.session,
            [
                {
                    "email": plan.row.email,
                    "name": clean(plan.row.name),
                    "employee_id": plan.row.employee_id,
                    "department_id": self._department_id(plan.row),
                    "language": plan.row.language,
                    "active": plan.row.active,
                    "created_at": now,
                    "session_key": new_session_key(),
                }
                for plan in created
            ],
        )
        for plan in created:
            plan.new_id = id_of[plan.row.email]
        roles = [
            {"person_id": plan.new_id, "role": role}
            for plan in created
            for role in sorted(plan.row.roles)
        ]
        change_roles(self.session, roles, {})
        return created

    def _update_people(self, now: datetime) -> None:
        """UPDATE changed people by id, and their roles, in bulk; audit each change."""
        updates: list[dict[str, object]] = []
        roles_added: list[dict[str, object]] = []
        roles_removed: dict[str, list[int]] = {}
        entries: list[AuditRow] = []
        for plan in self.plans.values():
            person = plan.person
            values: dict[str, object] = {}
            if person is not None and plan.changes:
                values = self._changed_values(person, plan.row)
                have, want = person.roles, plan.row.roles
                if "roles" in self.columns and have != want:
                    for role in sorted(want - have):
                        roles_added.append({"person_id": person.id, "role": role})
                    for role in have - want:
                        roles_removed.setdefault(role, []).append(person.id)
                entries.extend(
                    change_entries(
                        person.id,
                        plan.row.email,
                        plan.changes,
                        (person.roles, plan.row.roles),
                        values.get("active"),
                    )
                )
            if plan.manager or "manager" in self.columns:
                manager_id = self._manager_id(plan)
                if manager_id != (person.manager_id if person else None):
                    values["manager_id"] = manager_id
            if values:
                updates.append({"id": person.id if person else plan.new_id, **values})
        update_people(self.session, updates)
        change_roles(self.session, roles_added, roles_removed)
        audit_many(self.session, self.actor, entries, now)
        if self.actor is not None and self.actor in self.session:
            self.session.expire(self.actor)  # the statements bypass ORM objects

    def _manager_id(self, plan: _Plan) -> int | None:
        if plan.manager is None:
            return None
        kind, value = plan.manager
        if kind == "person":
            return value
        manager = self.plans[value]
        return manager.person.id if manager.person else manager.new_id

    def _changed_values(self, person: Known, row: PersonRow) -> dict[str, object]:
        """The columns of an existing person that the row changes (roles aside)."""
        wanted: dict[str, object] = {"email": row.email, "name": clean(row.name)}
        if row.employee_id is not None:
            wanted["employee_id"] = row.employee_id
        for column, key, value in (
            ("department", "department_id", self._department_id(row)),
            ("language", "language", row.language),
            ("active", "active", row.active),
        ):
            if column in self.columns:
                wanted[key] = value
        values = {k: v for k, v in wanted.items() if getattr(person, k) != v}
        if values.get("active") is False:
            values["session_key"] = new_session_key()  # ends their sessions
        return values

    def _department_id(self, row: PersonRow) -> int | None:
        name = clean(row.department or "").casefold()
        department = self.departments.get(name) if name else None
        return department.id if department else None
