"""Where company facts come from: `facts:` in course.md and its translations, and
the deployment's instance file (`LMS_COURSE_FACTS`), each checked with path:line.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lms.content.facts.placeholders import FACT_NAME, FACT_NAME_RULE, Facts
from lms.content.fields import FieldReader, describe
from lms.content.schema import N_, Problem
from lms.content.source import read_source, read_text

ALL_LANGUAGES = "*"  # an instance value given as plain text: every language
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class InstanceValue:
    line: int
    by_language: Mapping[str, str]  # ALL_LANGUAGES or a language code


@dataclass(frozen=True)
class InstanceFacts:
    """The instance file: values by course slug and fact name, with their lines."""

    path: str  # as configured, for problems
    course_lines: Mapping[str, int] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, InstanceValue]] = field(default_factory=dict)

    def unknown_courses(self, slugs: Collection[str]) -> list[Problem]:
        known = ", ".join(sorted(slugs)) or "none"
        return [
            Problem(
                self.path,
                line,
                N_(
                    "unknown course '%(slug)s' in the facts file; courses: %(known)s",
                    slug=slug,
                    known=known,
                ),
            )
            for slug, line in sorted(self.course_lines.items())
            if slug not in slugs
        ]


def _text_value(value: object) -> str | None:
    """A fact value as text; None when it is not plain text or a number."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip()


def _read_mapping(
    fields: FieldReader, declared: Collection[str] | None
) -> dict[str, str]:
    """`facts:` of one file; `declared` is None for course.md itself."""
    raw = fields.meta.get("facts")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        fields.report(
            "facts",
            N_(
                "'facts' must have indented 'name: value' lines below it, like "
                "'  company_name: Northwind', not %(value)s",
                value=describe(raw),
            ),
        )
        return {}
    found: dict[str, str] = {}
    for key, value in raw.items():
        name = str(key)
        if declared is None and not FACT_NAME.fullmatch(name):
            fields.report(
                name,
                N_(
                    "fact name '%(name)s' must be %(rule)s",
                    name=name,
                    rule=FACT_NAME_RULE,
                ),
                "facts",
            )
            continue
        if declared is not None and name not in declared:
            listing = ", ".join(sorted(declared)) or "none"
            fields.report(
                name,
                N_(
                    "unknown fact '%(name)s': a translation may only give values "
                    "for the facts declared in course.md (%(listing)s)",
                    name=name,
                    listing=listing,
                ),
                "facts",
            )
            continue
        text = _text_value(value)
        if text is None:
            fields.report(
                name,
                N_(
                    "fact '%(name)s' must be plain text, not %(value)s; put "
                    "it in quotes",
                    name=name,
                    value=describe(value),
                ),
                "facts",
            )
        elif "\n" in text:
            fields.report(
                name, N_("fact '%(name)s' must be one line of text", name=name), "facts"
            )
        else:
            found[name] = text
    return found


def _reader(path: Path, root: Path, problems: list[Problem]) -> FieldReader | None:
    # Read problems (bad YAML, ...) are the course loader's to report.
    source = read_source(path, root, [])
    if source is None or not source.meta_ok:
        return None
    return FieldReader(source.meta, source.text, source.display, problems)


def read_course_facts(
    course_dir: Path,
    root: Path,
    languages: Sequence[str],
    instance: InstanceFacts | None = None,
) -> tuple[Facts, list[Problem]]:
    """The effective facts of a course folder and the problems of their sources.

    A value for language L is the first one given of: the instance file in L,
    the instance file for all languages or in the course language, course.L.md,
    course.md.
    """
    problems: list[Problem] = []
    original = _reader(course_dir / "course.md", root, problems)
    given = original.meta.get("language") if original else None
    language = given if isinstance(given, str) and given in languages else languages[0]
    base = _read_mapping(original, None) if original else {}
    declared = tuple(sorted(base))
    by_language = {language: base}
    for other in languages:
        path = course_dir / f"course.{other}.md"
        if other == language or not path.is_file():
            continue
        reader = _reader(path, root, problems)
        if reader is not None:
            by_language[other] = _read_mapping(reader, declared)
    overrides = _instance_values(instance, course_dir.name, declared, problems)
    values: dict[str, dict[str, str]] = {}
    for other in languages:
        values[other] = {}
        for name in declared:
            given = overrides.get(name, {})
            candidates = (
                given.get(other),
                given.get(ALL_LANGUAGES),
                given.get(language),
                by_language.get(other, {}).get(name),
                base.get(name),
            )
            values[other][name] = next((c for c in candidates if c), "")
    return Facts(language=language, declared=declared, values=values), problems


def _instance_values(
    instance: InstanceFacts | None,
    slug: str,
    declared: Collection[str],
    problems: list[Problem],
) -> dict[str, Mapping[str, str]]:
    if instance is None:
        return {}
    found: dict[str, Mapping[str, str]] = {}
    for name, value in instance.values.get(slug, {}).items():
        if name in declared:
            found[name] = value.by_language
            continue
        listing = ", ".join(sorted(declared)) or "none"
        problems.append(
            Problem(
                instance.path,
                value.line,
                N_(
                    "unknown fact '%(name)s' for course '%(slug)s'; declared facts "
                    "in its course.md: %(listing)s",
                    name=name,
                    slug=slug,
                    listing=listing,
                ),
            )
        )
    return found


def read_instance_facts(
    path: Path, languages: Sequence[str]
) -> tuple[InstanceFacts, list[Problem]]:
    """Parse the instance file `{course: {name: text or {en: ..., de: ...}}}`."""
    shown = str(path)
    problems: list[Problem] = []
    text = read_text(path, shown, problems)
    if text is None:
        return InstanceFacts(shown), problems
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = N_(
            "invalid YAML in the facts file: %(detail)s",
            detail=str(error.problem or error.context),
        )
        return InstanceFacts(shown), [Problem(shown, line, message)]
    except yaml.YAMLError as error:
        message = N_("invalid YAML in the facts file: %(detail)s", detail=str(error))
        return InstanceFacts(shown), [Problem(shown, 1, message)]
    reader = _InstanceReader(shown, languages, problems)
    return reader.read(root), problems


@dataclass
class _InstanceReader:
    path: str
    languages: Sequence[str]
    problems: list[Problem]

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message))

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, int, yaml.Node]]:
        """(key, its line, value node) of a mapping node."""
        if not isinstance(node, yaml.MappingNode):
            self.report(
                node, N_("%(what)s must be indented 'key: value' lines", what=what)
            )
            return []
        found = []
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found.append((str(key.value), key.start_mark.line + 1, value))
            else:
                self.report(key, N_("a key must be plain text"))
        return found

    def read(self, root: yaml.Node | None) -> InstanceFacts:
        if root is None:
            return InstanceFacts(self.path)
        lines: dict[str, int] = {}
        values: dict[str, dict[str, InstanceValue]] = {}
        what = N_("the facts file")
        for slug, line, course_node in self.pairs(root, what):
            lines[slug] = line
            course_values = values.setdefault(slug, {})
            for name, name_line, node in self.pairs(
                course_node, N_("course '%(slug)s'", slug=slug)
            ):
                value = self.value(name, name_line, node)
                if value is not None:
                    course_values[name] = value
        return InstanceFacts(self.path, lines, values)

    def text(self, name: str, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.report(
                node, N_("fact '%(name)s' must be text or 'en:'/'de:' lines", name=name)
            )
            return None
        text = "" if node.tag == _NULL_TAG else str(node.value).strip()
        if not text or "\n" in text:
            self.report(
                node,
                N_("fact '%(name)s' must be one line of text, not empty", name=name),
            )
            return None
        return text

    def value(self, name: str, line: int, node: yaml.Node) -> InstanceValue | None:
        if not isinstance(node, yaml.MappingNode):
            text = self.text(name, node)
            return None if text is None else InstanceValue(line, {ALL_LANGUAGES: text})
        by_language = {}
        for language, _line, item in self.pairs(node, N_("fact '%(name)s'", name=name)):
            if language not in self.languages:
                supported = ", ".join(self.languages)
                self.report(
                    item,
                    N_(
                        "unknown language '%(language)s'; use %(supported)s",
                        language=language,
                        supported=supported,
                    ),
                )
                continue
            text = self.text(name, item)
            if text is not None:
                by_language[language] = text
        return InstanceValue(line, by_language)
