"""Check a translated bank against its original and merge the two."""

from __future__ import annotations

from dataclasses import replace

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
            f"question {qid} is .{original.type} in the original but "
            f".{translated.type} here"
        ]
    complaints = []
    if len(original.choices) != len(translated.choices):
        complaints.append(
            f"question {qid} has {len(original.choices)} choices in the original "
            f"but {len(translated.choices)} here"
        )
    for number, (mine, theirs) in enumerate(
        zip(original.choices, translated.choices, strict=False), start=1
    ):
        if mine.correct != theirs.correct:
            where = "right" if mine.correct else "wrong"
            complaints.append(
                f"question {qid}: choice {number} is {where} in the original "
                "but not here"
            )
    if len(original.items) != len(translated.items):
        complaints.append(
            f"question {qid} has {len(original.items)} items to order in the "
            f"original but {len(translated.items)} here"
        )
    if [p.left_id for p in original.pairs] != [p.left_id for p in translated.pairs]:
        complaints.append(
            f"question {qid} has {len(original.pairs)} matching lines in the "
            f"original but {len(translated.pairs)} here, or distractors elsewhere"
        )
    elif [p.right_id for p in original.pairs] != [p.right_id for p in translated.pairs]:
        complaints.append(
            f"question {qid}: lines that share a right side in one file must "
            "share it in the other"
        )
    keys = [(a.low, a.high) for a in original.numeric]
    if keys != [(a.low, a.high) for a in translated.numeric]:
        complaints.append(
            f"question {qid}: the numeric answers differ from the original"
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
        problems.append(Problem(path, 1, f"the translation lacks scenario {sid}"))
    for sid in their_scenarios.keys() - my_scenarios.keys():
        line = their_scenarios[sid].line
        message = f"scenario {sid} is not in the original {original.path}"
        problems.append(Problem(path, line, message))
    for qid, (question, scenario) in mine.items():
        if qid not in theirs:
            problems.append(Problem(path, 1, f"the translation lacks question {qid}"))
            continue
        other, other_scenario = theirs[qid]
        if scenario != other_scenario:
            message = (
                f"question {qid} belongs to {scenario or 'no scenario'} in the "
                f"original but to {other_scenario or 'no scenario'} here"
            )
            problems.append(Problem(path, other.line, message))
        for complaint in _compare(question, other):
            problems.append(Problem(path, other.line, complaint))
    for qid in theirs.keys() - mine.keys():
        message = f"question {qid} is not in the original {original.path}"
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
