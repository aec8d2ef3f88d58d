"""Audit entries as sentences: the shared parts, and assignments, exports, certificates.

"Hanna Berg assigned 'Customer Service Essentials' to the department Sales,
due in 30 days." Builders are pure: the entry and the names looked up for it
(lms.audit.names) in, plain text out (templates escape it). People's actions
are in lms.audit.people_sentences; lms.audit.describe maps each action to its
builder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as babel_gettext
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext as babel_ngettext
from flask_babel.speaklater import LazyString

from lms.audit.actions import action_label
from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.web.export_locale import STATUS_WORDS
from lms.web.formatting import long_date

Builder = Callable[[AuditLine, Names], str]


def _(text: str, **variables: object) -> str:
    """gettext, typed: the sentence in the current language."""
    return str(babel_gettext(text, **variables))


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    return str(babel_ngettext(singular, plural, num, **variables))


ROLE_WORDS: dict[str, LazyString] = {
    "learner": _l("Learner"),
    "author": _l("Author"),
    "hr": _l("HR"),
    "admin": _l("Administrator"),
}
FIELD_WORDS: dict[str, LazyString] = {
    "email": _l("the e-mail address"),
    "name": _l("the name"),
    "language": _l("the language"),
    "department": _l("the department"),
    "employee_id": _l("the employee ID"),
    "manager": _l("the manager"),
}
EXPORT_WORDS: dict[str, LazyString] = {
    "certificates": _l("the certificates"),
    "attempts": _l("the quiz attempts"),
    "refreshers": _l("the refresher figures"),
    "matrix": _l("the training matrix"),
    "snapshot": _l("the compliance snapshot"),
    "audit": _l("the audit log"),
}


def actor(line: AuditLine) -> str:
    return line.actor_name or _("The system")


def person(line: AuditLine, names: Names) -> str:
    """The person an entry is about: their name now, else the stored target."""
    return names.person(line.details.get("person_id"), line.target)


def words(codes: Iterable[object], words: dict[str, LazyString]) -> str:
    """Codes in words, as a list a reader says: "HR, Author and Learner"."""
    said = [str(words.get(str(code), str(code))) for code in codes]
    if len(said) < 2:
        return "".join(said)
    return _("%(first)s and %(last)s", first=", ".join(said[:-1]), last=said[-1])


def as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def count(line: AuditLine, key: str) -> int:
    value = line.details.get(key)
    return value if isinstance(value, int) else 0


def day(text: object) -> str:
    try:
        return long_date(date.fromisoformat(str(text)), get_locale() or "en")
    except ValueError:
        return str(text)


# -- assignments ----------------------------------------------------------------


def _whom(line: AuditLine) -> str:
    target = line.details.get("target")
    if target == "department":
        return _("the department %(name)s", name=str(line.details.get("department")))
    if target == "everyone":
        return _("everyone")
    people = count(line, "people")
    return ngettext("%(num)d person", "%(num)d people", people)


def _due(line: AuditLine) -> str:
    days = line.details.get("due_in_days")
    if isinstance(days, int):
        return ngettext(", due in %(num)d day", ", due in %(num)d days", days)
    if line.details.get("due_on"):
        return _(", due on %(day)s", day=day(line.details["due_on"]))
    return _(", with no due date")


def assignment_create(line: AuditLine, names: Names) -> str:
    main = _(
        "%(actor)s assigned '%(course)s' to %(whom)s%(due)s.",
        actor=actor(line),
        course=names.course(line.details.get("course")),
        whom=_whom(line),
        due=_due(line),
    )
    counts = _(
        "New: %(created)d, changed due date: %(updated)d.",
        created=count(line, "created"),
        updated=count(line, "updated"),
    )
    return f"{main} {counts}"


def assignment_reopen(line: AuditLine, names: Names) -> str:
    return ngettext(
        "%(actor)s reopened %(num)d assignment for renewal, %(days)d days"
        " before its certificate expires.",
        "%(actor)s reopened %(num)d assignments for renewal, %(days)d days"
        " before their certificates expire.",
        count(line, "reopened"),
        actor=actor(line),
        days=count(line, "renewal_days"),
    )


# -- exports --------------------------------------------------------------------


def _filters(line: AuditLine, names: Names) -> str:
    details = line.details
    parts = []
    if details.get("course"):
        parts.append(_("course: %(title)s", title=names.course(details["course"])))
    if details.get("department"):
        parts.append(_("department: %(name)s", name=str(details["department"])))
    if details.get("status"):
        status = str(details["status"])
        parts.append(
            _("status: %(status)s", status=str(STATUS_WORDS.get(status, status)))
        )
    if details.get("as_of"):
        parts.append(_("as of %(day)s", day=day(details["as_of"])))
    if details.get("action") and details["action"] != "all":
        parts.append(
            _("action: %(action)s", action=action_label(str(details["action"])))
        )
    if details.get("from"):
        parts.append(_("from %(day)s", day=day(details["from"])))
    if details.get("to"):
        parts.append(_("to %(day)s", day=day(details["to"])))
    return f" ({'; '.join(parts)})" if parts else ""


def exported(what: str) -> Builder:
    def build(line: AuditLine, names: Names) -> str:
        return _(
            "%(actor)s exported %(what)s as %(format)s%(filters)s.",
            actor=actor(line),
            what=str(EXPORT_WORDS[what]),
            format=str(line.details.get("format", "")).upper(),
            filters=_filters(line, names),
        )

    return build


def export_transcript(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s downloaded the transcript of %(person)s.",
        actor=actor(line),
        person=person(line, names),
    )


# -- certificates, tokens, demo -------------------------------------------------


def certificate_revoke(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s revoked certificate %(number)s.",
        actor=actor(line),
        number=line.target,
    )


def certificate_reissue(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s re-issued certificate %(number)s as %(new)s, with the name"
        " %(name)s.",
        actor=actor(line),
        number=line.target,
        new=str(line.details.get("new_number", "")),
        name=str(line.details.get("holder_name", "")),
    )


def token_create(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s created the API token '%(name)s'.",
        actor=actor(line),
        name=line.target,
    )


def token_revoke(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s revoked the API token '%(name)s'.",
        actor=actor(line),
        name=line.target,
    )


def demo_seed(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s created demo data: %(people)d people in %(departments)d"
        " departments, %(assignments)d assignments, %(attempts)d attempts and"
        " %(certificates)d certificates.",
        actor=actor(line),
        people=count(line, "people"),
        departments=count(line, "departments"),
        assignments=count(line, "assignments"),
        attempts=count(line, "attempts"),
        certificates=count(line, "certificates"),
    )
