"""Forms for creating and editing people and acting on an account."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.i18n import LANGUAGE_NAMES

ROLE_LABELS = {
    "learner": _l("Learner"),
    "author": _l("Author"),
    "hr": _l("HR"),
    "admin": _l("Administrator"),
}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PersonForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(), Length(max=320)]
    )
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )
    roles = CheckboxesField(
        _l("Roles"),
        choices=[SelectChoice(role, label) for role, label in ROLE_LABELS.items()],
        default=["learner"],
    )


class NewPersonForm(PersonForm):
    """Adding a person: also where they work (checked as the import checks)."""

    employee_id = StringField(_l("Employee id"), validators=[Optional()])
    department = StringField(_l("Department"), validators=[Optional()])
    manager = StringField(
        _l("Manager"),
        validators=[Optional()],
        description=_l("The manager's e-mail address or employee id."),
    )


def offer_roles(form: PersonForm, roles: Collection[str]) -> None:
    """Show only the role checkboxes the viewer may grant.

    Call after validation: a forged role must reach the service, which refuses
    it with 403, rather than be dropped as "not a valid choice".
    """
    form.roles.choices = [
        SelectChoice(role, label)
        for role, label in ROLE_LABELS.items()
        if role in roles
    ]


class AccountActionForm(FlaskForm):
    """Only the CSRF token: the action is in the URL."""
