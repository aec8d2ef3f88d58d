"""All ORM models; importing this package registers every table on Base.metadata."""

from __future__ import annotations

from lms.models.certificate import AuditEntry, Certificate
from lms.models.content import (
    Asset,
    Course,
    CourseText,
    Lesson,
    LessonProgress,
    LessonText,
    Module,
    ModuleText,
)
from lms.models.dashboard import DashboardFigures
from lms.models.exercise import ExerciseAnswer
from lms.models.job import Job
from lms.models.login_session import LoginSession
from lms.models.organisation import (
    ApiToken,
    Assignment,
    AssignmentRule,
    Department,
    ReminderSent,
)
from lms.models.person import PasswordToken, Person, PersonRole, Role
from lms.models.quiz import Attempt, AttemptAnswer, CourseQuizzes, QuizSet
from lms.models.rate_limit import RateLimitCounter
from lms.models.refresh import (
    RefresherAnswer,
    RefresherBox,
    RefresherOptOut,
    RefresherSession,
)
from lms.models.scim import ScimGroup, ScimGroupMember

__all__ = [
    "ApiToken",
    "Assignment",
    "AssignmentRule",
    "Department",
    "ReminderSent",
    "Asset",
    "Attempt",
    "AuditEntry",
    "AttemptAnswer",
    "Certificate",
    "Course",
    "CourseQuizzes",
    "CourseText",
    "DashboardFigures",
    "ExerciseAnswer",
    "Job",
    "Lesson",
    "LessonProgress",
    "LessonText",
    "LoginSession",
    "Module",
    "ModuleText",
    "PasswordToken",
    "Person",
    "PersonRole",
    "QuizSet",
    "RateLimitCounter",
    "RefresherAnswer",
    "RefresherBox",
    "RefresherOptOut",
    "RefresherSession",
    "Role",
    "ScimGroup",
    "ScimGroupMember",
]
