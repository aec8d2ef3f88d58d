"""The `refresher:` key of course.md: spaced practice after the certificate, and
the lexicon table a drill is made from; stored on the course row as JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from lms.content.fields import FieldReader, describe
from lms.content.frontmatter import find_key_line
from lms.content.schema import N_, LexiconEntry, ModuleDoc, RefresherSpec

REFRESHER_KEYS = frozenset(
    {"after_days", "every_days", "questions", "pools", "lexicon"}
)
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
_QUOTES = "\"'“”„‘’‚«»"
_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")


def read_refresher(
    fields: FieldReader | None, modules: Sequence[ModuleDoc], language: str
) -> RefresherSpec | None:
    """The course's refresher, or None when course.md has no `refresher:`."""
    if fields is None or "refresher" not in fields.meta:
        return None
    settings = fields.mapping("refresher", REFRESHER_KEYS)
    numbers: dict[str, int] = {}
    for key, default in (("after_days", 14), ("every_days", 14), ("questions", 4)):
        value = settings.get(key, default)
        numbers[key] = fields.positive_int(key, value, "refresher") or default
    count = numbers["questions"]
    if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        fields.report(
            "questions",
            N_(
                "'refresher.questions' must be %(low)s to %(high)s, "
                "a five-minute refresher, not %(count)s",
                low=MIN_QUESTIONS,
                high=MAX_QUESTIONS,
                count=count,
            ),
            "refresher",
        )
        count = min(max(count, MIN_QUESTIONS), MAX_QUESTIONS)
    pools = _pools(fields, settings.get("pools", []))
    lesson_ref, entries = _lexicon(fields, settings.get("lexicon"), modules, language)
    if not pools and lesson_ref is None:
        fields.report(
            "refresher",
            N_("'refresher' needs 'pools' (practice banks) or a 'lexicon' lesson"),
        )
    return RefresherSpec(
        after_days=numbers["after_days"],
        every_days=numbers["every_days"],
        questions=count,
        pools=pools,
        lexicon_lesson=lesson_ref,
        lexicon=entries,
        path=fields.path,
        line=find_key_line(fields.text_of_file, "pools", "refresher")
        if "pools" in settings
        else find_key_line(fields.text_of_file, "refresher"),
    )


def _pools(fields: FieldReader, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fields.report(
            "pools",
            N_(
                "'refresher.pools' must be a list of bank ids, not %(value)s",
                value=describe(value),
            ),
            "refresher",
        )
        return ()
    return tuple(dict.fromkeys(value))


def _lexicon(
    fields: FieldReader, value: object, modules: Sequence[ModuleDoc], language: str
) -> tuple[str | None, tuple[LexiconEntry, ...]]:
    if value is None:
        return None, ()
    lessons = {
        f"{module.slug}/{lesson.slug}": lesson
        for module in modules
        for lesson in module.lessons
    }
    if not isinstance(value, str) or value not in lessons:
        fields.report(
            "lexicon",
            N_(
                "'refresher.lexicon' must name a lesson as <module>/<lesson>, such "
                "as %(example)s, not %(value)s",
                example=repr(next(iter(lessons), "module/lesson")),
                value=describe(value),
            ),
            "refresher",
        )
        return None, ()
    tables = {
        lang: lexicon_table(text.body_markdown)
        for lang, text in lessons[value].texts.items()
    }
    original = tables.get(language, [])
    if not original:
        fields.report(
            "lexicon",
            N_(
                "the lesson %(lesson)s has no two-column table of unwanted and "
                "wanted phrases",
                lesson=value,
            ),
            "refresher",
        )
        return None, ()
    entries = []
    for index, (unwanted, wanted) in enumerate(original):
        by_lang = {
            lang: rows[index] for lang, rows in tables.items() if len(rows) > index
        }
        entries.append(
            LexiconEntry(
                unwanted={lang: row[0] for lang, row in by_lang.items()}
                | {language: unwanted},
                wanted={lang: row[1] for lang, row in by_lang.items()}
                | {language: wanted},
            )
        )
    return value, tuple(entries)


def lexicon_table(markdown: str) -> list[tuple[str, str]]:
    """The rows of the first two-column table: (unwanted, wanted), quotes taken off."""
    rows: list[tuple[str, str]] = []
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if rows and not _ROW.match(line):
            break
        match = _ROW.match(line)
        if not match or _RULE.match(line):
            continue
        cells = [c.strip().strip(_QUOTES).strip() for c in match.group(1).split("|")]
        below = lines[index + 1] if index + 1 < len(lines) else ""
        if len(cells) != 2 or _RULE.match(below):  # a header row
            continue
        rows.append((cells[0], cells[1]))
    return rows


def dump_refresher(spec: RefresherSpec | None) -> str:
    """The spec as stored on the course row (``Course.refresher_json``)."""
    if spec is None:
        return ""
    return json.dumps(
        {
            "after_days": spec.after_days,
            "every_days": spec.every_days,
            "questions": spec.questions,
            "pools": list(spec.pools),
            "lexicon_lesson": spec.lexicon_lesson,
            "lexicon": [
                {"unwanted": dict(e.unwanted), "wanted": dict(e.wanted)}
                for e in spec.lexicon
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def load_refresher(text: str) -> RefresherSpec | None:
    """A course row's ``refresher_json``; None when the course has no refresher."""
    if not text:
        return None
    data = json.loads(text)
    return RefresherSpec(
        after_days=data["after_days"],
        every_days=data["every_days"],
        questions=data["questions"],
        pools=tuple(data["pools"]),
        lexicon_lesson=data["lexicon_lesson"],
        lexicon=tuple(
            LexiconEntry(unwanted=e["unwanted"], wanted=e["wanted"])
            for e in data["lexicon"]
        ),
    )
