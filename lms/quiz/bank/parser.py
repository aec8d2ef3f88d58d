"""Parse a question bank file (Markdown) into a `Bank`, listing every problem."""

from __future__ import annotations

import re
from pathlib import PurePath

from lms.content.schema import N_
from lms.quiz.bank.blocks import Block, Line, split_blocks
from lms.quiz.bank.frontmatter import parse_front_matter
from lms.quiz.bank.pool import check_draw
from lms.quiz.bank.questions import EXAM_ONLY_CLASS, build_question
from lms.quiz.bank.render import render_block, render_inline
from lms.quiz.bank.schema import Bank, Item, Problem, Question, Scenario

SCENARIO_ID = re.compile(r"^s-[a-z0-9]+(?:-[a-z0-9]+)*$")
_STRAY_HEADINGS = {
    1: N_("level-1 heading"),
    3: N_("level-3 heading outside a scenario"),
}
_LANGUAGE = re.compile(r"\.([a-z]{2})\.md$")


def split_lines(text: str) -> list[Line]:
    """Number the lines; only \\n, \\r\\n and \\r end a line, as in editors."""
    text = text.removeprefix("\ufeff")
    return list(enumerate(re.split(r"\r\n|\r|\n", text), start=1))


def language_of(path: str) -> str:
    """`bank.de.md` is German; a plain `bank.md` is taken as English."""
    match = _LANGUAGE.search(path)
    return match.group(1) if match else "en"


def _bank_id_from_path(path: str) -> str:
    return re.sub(r"(\.[a-z]{2})?\.md$", "", PurePath(path).name)


def _scenario(
    block: Block, children: list[Block], path: str
) -> tuple[Scenario, list[Problem]]:
    problems: list[Problem] = []
    sid = block.attrs.id or ""
    label = N_("scenario %(id)s", id=sid) if sid else N_("scenario")

    def add(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    if not sid:
        add(block.line, N_("scenario has no id: end the heading with {#s-some-name}"))
    elif not SCENARIO_ID.match(sid):
        add(
            block.line,
            N_(
                "scenario id '%(id)s' must start with 's-' and use lowercase "
                "letters, digits and dashes",
                id=sid,
            ),
        )
    for cls in block.attrs.classes:
        if cls not in ("scenario", EXAM_ONLY_CLASS):
            add(
                block.line,
                N_(
                    "%(label)s: unknown class '.%(cls)s' on a scenario",
                    label=label,
                    cls=cls,
                ),
            )
    for key in block.attrs.values:
        if key != "tags":
            add(
                block.line,
                N_(
                    "%(label)s: unknown option '%(key)s=' (a scenario takes tags)",
                    label=label,
                    key=key,
                ),
            )
    for bad in block.attrs.bad:
        add(
            block.line,
            N_(
                "%(label)s: cannot read '%(bad)s' in the heading's {...}",
                label=label,
                bad=bad,
            ),
        )
    case_md = "\n".join(text for _, text in block.body).strip()
    if not case_md:
        add(
            block.line,
            N_("%(label)s: the case text under the heading is empty", label=label),
        )
    if not children:
        add(
            block.line,
            N_("%(label)s has no questions ('### ...' headings)", label=label),
        )
    questions = []
    for child in children:
        if "scenario" in child.attrs.classes:
            add(child.line, N_("a scenario cannot hold another scenario"))
            continue
        question, found = build_question(child, path)
        questions.append(question)
        problems.extend(found)
    scenario = Scenario(
        id=sid,
        title_html=render_inline(block.text),
        case_html=render_block(case_md),
        questions=tuple(questions),
        tags=tuple(block.attrs.values.get("tags", "").split()),
        line=block.line,
        title_md=block.text,
        case_md=case_md,
        exam_only=EXAM_ONLY_CLASS in block.attrs.classes,
    )
    return scenario, problems


def _items(blocks: list[Block], path: str) -> tuple[list[Item], list[Problem]]:
    items: list[Item] = []
    problems: list[Problem] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.level in (1, 3):
            where = _STRAY_HEADINGS[block.level]
            message = N_(
                "%(where)s: write questions as level-2 headings ('## ...')",
                where=where,
            )
            problems.append(Problem(path, block.line, message))
        elif "scenario" in block.attrs.classes:
            children = []
            while index < len(blocks) and blocks[index].level == 3:
                children.append(blocks[index])
                index += 1
            scenario, found = _scenario(block, children, path)
            items.append(scenario)
            problems.extend(found)
        else:
            question, found = build_question(block, path)
            items.append(question)
            problems.extend(found)
    return items, problems


def _duplicates(items: list[Item], path: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    entries: list[Question | Scenario] = []
    for item in items:
        entries.append(item)
        if isinstance(item, Scenario):
            entries.extend(item.questions)
    for entry in entries:
        if not entry.id:
            continue
        if entry.id in seen:
            message = N_(
                "duplicate id '%(id)s' (first used on line %(line)s)",
                id=entry.id,
                line=seen[entry.id],
            )
            problems.append(Problem(path, entry.line, message))
        else:
            seen[entry.id] = entry.line
    return problems


def parse_bank(
    text: str, path: str, *, translation: bool = False, language: str | None = None
) -> tuple[Bank | None, list[Problem]]:
    """Parse a bank; the Bank is returned only when there are no problems.

    A ``translation`` (``bank.de.md``) may only set ``title`` in its front
    matter; its id and settings come from the original (see
    `lms.quiz.bank.translation.merge_translation`), and draws are not checked.
    """
    front, problems = parse_front_matter(
        split_lines(text), path, translation=translation
    )
    preamble, blocks = split_blocks(front.body)
    for number, text_line in preamble:
        if text_line.strip():
            message = N_("text before the first question belongs to no question")
            problems.append(Problem(path, number, message))
            break
    items, found = _items(blocks, path)
    problems.extend(found)
    problems.extend(_duplicates(items, path))
    settings = front.settings
    # A translation of a bank made only of includes has nothing of its own.
    if not items and not settings.include and not translation:
        problems.append(Problem(path, 1, N_("the bank has no questions")))
    if not translation and not settings.include:
        draw_line = front.key_lines.get("draw", 1)
        problems.extend(check_draw(settings, items, path, draw_line))
    if problems:
        return None, sorted(problems, key=lambda p: p.line)
    bank = Bank(
        id=_bank_id_from_path(path) if translation else front.id,
        title=front.title,
        path=path,
        language=language or language_of(path),
        settings=settings,
        items=tuple(items),
        key_lines=front.key_lines,
    )
    return bank, []
