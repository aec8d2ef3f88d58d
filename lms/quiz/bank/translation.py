"""Check a translated bank against its original and merge the two."""

from __future__ import annotations

from dataclasses import replace

from lms.content.schema import N_
from lms.quiz.bank.schema import Bank, Item, Problem, Question, Scenario


def _index(bank: Bank) -> dict[str, tuple[Question, str | None]]:
    """Question id -> (question, id of its scenario or None)."""
    found: dict[str, tuple[Question, str | None]] = {}
    for item in bank.items:
        if isinstance(item, Scenario):
            for question in item.questions:
                found[question.id] = (question, item.id)
        else:
            found[item.id] = (item, None)
    return found


def _scenarios(bank: Bank) -> dict[str, Scenario]:
    return {item.id: item for item in bank.items if isinstance(item, Scenario)}


def _compare(original: Question, translated: Question) -> list[str]:
    """What makes the two versions of one question disagree, for authors."""
    qid = original.id
    if original.type != translated.type:
        return [
            N_(
                "question %(id)s is .%(original)s in the original but .%(here)s here",
                id=qid,
                original=original.type,
                here=translated.type,
            )
        ]
    complaints: list[str] = []
    if len(original.choices) != len(translated.choices):
        complaints.append(
            N_(
                "question %(id)s has %(original)s choices in the original "
                "but %(here)s here",
                id=qid,
                original=len(original.choices),
                here=len(translated.choices),
            )
        )
    for number, (mine, theirs) in enumerate(
        zip(original.choices, translated.choices, strict=False), start=1
    ):
        if mine.correct != theirs.correct:
            complaints.append(
                N_(
                    "question %(id)s: choice %(number)s is right in the original "
                    "but not here",
                    id=qid,
                    number=number,
                )
                if mine.correct
                else N_(
                    "question %(id)s: choice %(number)s is wrong in the original "
                    "but not here",
                    id=qid,
                    number=number,
                )
            )
    if len(original.items) != len(translated.items):
        complaints.append(
            N_(
                "question %(id)s has %(original)s items to order in the "
                "original but %(here)s here",
                id=qid,
                original=len(original.items),
                here=len(translated.items),
            )
        )
    if [p.left_id for p in original.pairs] != [p.left_id for p in translated.pairs]:
        complaints.append(
            N_(
                "question %(id)s has %(original)s matching lines in the "
                "original but %(here)s here, or distractors elsewhere",
                id=qid,
                original=len(original.pairs),
                here=len(translated.pairs),
            )
        )
    elif [p.right_id for p in original.pairs] != [p.right_id for p in translated.pairs]:
        complaints.append(
            N_(
                "question %(id)s: lines that share a right side in one file must "
                "share it in the other",
                id=qid,
            )
        )
    keys = [(a.low, a.high) for a in original.numeric]
    if keys != [(a.low, a.high) for a in translated.numeric]:
        complaints.append(
            N_("question %(id)s: the numeric answers differ from the original", id=qid)
        )
    return complaints


def check_translation(original: Bank, translated: Bank) -> list[Problem]:
    """Problems that stop ``translated`` from standing in for ``original``.

    Questions may come in any order but need the same ids, types, number of
    choices (in the same order, the same ones right), items and pairs.
    Front-matter keys other than ``title`` are caught by
    ``parse_bank(..., translation=True)``.
    """
    path = translated.path
    problems: list[Problem] = []
    mine, theirs = _index(original), _index(translated)
    my_scenarios, their_scenarios = _scenarios(original), _scenarios(translated)
    for sid in my_scenarios.keys() - their_scenarios.keys():
        message = N_("the translation lacks scenario %(id)s", id=sid)
        problems.append(Problem(path, 1, message))
    for sid in their_scenarios.keys() - my_scenarios.keys():
        line = their_scenarios[sid].line
        message = N_(
            "scenario %(id)s is not in the original %(path)s",
            id=sid,
            path=original.path,
        )
        problems.append(Problem(path, line, message))
    for qid, (question, scenario) in mine.items():
        if qid not in theirs:
            message = N_("the translation lacks question %(id)s", id=qid)
            problems.append(Problem(path, 1, message))
            continue
        other, other_scenario = theirs[qid]
        if scenario != other_scenario:
            message = N_(
                "question %(id)s belongs to %(original)s in the "
                "original but to %(here)s here",
                id=qid,
                original=scenario or N_("no scenario"),
                here=other_scenario or N_("no scenario"),
            )
            problems.append(Problem(path, other.line, message))
        for complaint in _compare(question, other):
            problems.append(Problem(path, other.line, complaint))
    for qid in theirs.keys() - mine.keys():
        message = N_(
            "question %(id)s is not in the original %(path)s",
            id=qid,
            path=original.path,
        )
        problems.append(Problem(path, theirs[qid][0].line, message))
    return sorted(problems, key=lambda p: (p.line, p.message))


def _merge_question(original: Question, translated: Question | None) -> Question:
    if translated is None or _compare(original, translated):
        return original
    choices = tuple(
        replace(
            mine,
            text_html=theirs.text_html,
            text_md=theirs.text_md,
            feedback_html=theirs.feedback_html,
            feedback_md=theirs.feedback_md,
        )
        for mine, theirs in zip(original.choices, translated.choices, strict=True)
    )
    numeric = tuple(
        replace(
            mine, feedback_html=theirs.feedback_html, feedback_md=theirs.feedback_md
        )
        for mine, theirs in zip(original.numeric, translated.numeric, strict=True)
    )
    items = tuple(
        replace(mine, text_html=theirs.text_html, text_md=theirs.text_md)
        for mine, theirs in zip(original.items, translated.items, strict=True)
    )
    pairs = tuple(
        replace(
            mine,
            left_html=theirs.left_html,
            left_md=theirs.left_md,
            right_html=theirs.right_html,
            right_md=theirs.right_md,
        )
        for mine, theirs in zip(original.pairs, translated.pairs, strict=True)
    )
    return replace(
        original,
        line=translated.line,  # problems in a translation point at its own file
        stem_html=translated.stem_html,
        stem_md=translated.stem_md,
        general_feedback_html=translated.general_feedback_html,
        general_feedback_md=translated.general_feedback_md,
        choices=choices,
        accepted=translated.accepted,
        numeric=numeric,
        items=items,
        pairs=pairs,
    )


def merge_translation(original: Bank, translated: Bank) -> Bank:
    """The original bank (ids, key, settings, order) with translated texts.

    Short answers are the translation's own accepted answers. A question or
    scenario the translation lacks, or gets wrong, keeps the original text;
    run `check_translation` first to report those.
    """
    theirs = {qid: question for qid, (question, _) in _index(translated).items()}
    their_scenarios = _scenarios(translated)
    items: list[Item] = []
    for item in original.items:
        if isinstance(item, Scenario):
            questions = tuple(
                _merge_question(q, theirs.get(q.id)) for q in item.questions
            )
            other = their_scenarios.get(item.id)
            merged = replace(item, questions=questions)
            if other is not None:
                merged = replace(
                    merged,
                    title_html=other.title_html,
                    title_md=other.title_md,
                    case_html=other.case_html,
                    case_md=other.case_md,
                )
            items.append(merged)
        else:
            items.append(_merge_question(item, theirs.get(item.id)))
    return replace(
        original,
        title=translated.title or original.title,
        path=translated.path,
        language=translated.language,
        items=tuple(items),
    )
