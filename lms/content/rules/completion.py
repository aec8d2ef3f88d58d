"""Reading `completion` and `final_exam_after` of course.md: what earns the
certificate and what opens the final exam."""

from __future__ import annotations

from lms.content.fields import FieldReader, describe
from lms.content.schema import EXAM_PREREQUISITES, N_, CompletionRule, ExamGate

_COMPLETION_KEYS = frozenset({"lessons", "module_quizzes", "final_exam"})


def read_completion(
    fields: FieldReader | None, final_exam: str | None
) -> CompletionRule:
    """`completion`: which parts earn the certificate; default all."""
    if fields is None:
        return CompletionRule()
    settings = fields.mapping("completion", _COMPLETION_KEYS)
    values = {}
    for key in sorted(_COMPLETION_KEYS):
        value = settings.get(key, True)
        if not isinstance(value, bool):
            fields.report(
                key,
                N_(
                    "'completion.%(key)s' must be true or false, not %(value)s",
                    key=key,
                    value=describe(value),
                ),
                parent="completion",
            )
            value = True
        values[key] = value
    if "final_exam" in settings and values["final_exam"] and not final_exam:
        fields.report(
            "final_exam",
            N_(
                "'completion.final_exam' needs a final exam: set 'final_exam' to "
                "a bank id"
            ),
            parent="completion",
        )
    return CompletionRule(**values)


def read_exam_gate(fields: FieldReader | None, final_exam: str | None) -> ExamGate:
    """`final_exam_after`: the parts finished before the exam opens; default all."""
    if fields is None or "final_exam_after" not in fields.meta:
        return ExamGate()
    value = fields.meta["final_exam_after"]
    first, second = (f"'{part}'" for part in EXAM_PREREQUISITES)
    parts = N_("%(first)s and %(second)s", first=first, second=second)
    if not isinstance(value, list):
        fields.report(
            "final_exam_after",
            N_(
                "'final_exam_after' must be a list of %(parts)s like [lessons, "
                "module_quizzes], or [] to open the final exam at once, not "
                "%(value)s",
                parts=parts,
                value=describe(value),
            ),
        )
        return ExamGate()
    wrong = [part for part in value if part not in EXAM_PREREQUISITES]
    if wrong:
        fields.report(
            "final_exam_after",
            N_(
                "'final_exam_after' may only name %(parts)s, not %(value)s",
                parts=parts,
                value=describe(wrong[0]),
            ),
        )
        return ExamGate()
    if len(set(value)) != len(value):
        fields.report("final_exam_after", N_("'final_exam_after' names a part twice"))
    if value and not final_exam:
        fields.report(
            "final_exam_after",
            N_("'final_exam_after' needs a final exam: set 'final_exam' to a bank id"),
        )
    return ExamGate(
        lessons="lessons" in value, module_quizzes="module_quizzes" in value
    )
