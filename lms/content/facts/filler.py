"""Company facts filled into one course's texts as the loader reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.content.facts.placeholders import NO_FACTS, Facts, apply_facts, used_values
from lms.content.fields import FieldReader, read_objectives
from lms.content.frontmatter import find_key_line
from lms.content.schema import Problem
from lms.content.source import SourceFile


@dataclass
class FactFiller:
    """Fills in `facts` and appends every unknown or empty one to `problems`."""

    problems: list[Problem]
    facts: Facts = field(default=NO_FACTS)

    def text(self, text: str, language: str, path: str, first_line: int) -> str:
        filled, found = apply_facts(text, self.facts, language, path, first_line)
        self.problems.extend(found)
        return filled

    def key(
        self,
        fields: FieldReader | None,
        key: str,
        language: str,
        *,
        required: bool = False,
    ) -> str | None:
        """A text key of the front matter with its facts filled in."""
        value = fields.text(key, required=required) if fields else None
        if fields is None or value is None:
            return value
        line = find_key_line(fields.text_of_file, key)
        return self.text(value, language, fields.path, line)

    def objectives(
        self,
        fields: FieldReader | None,
        language: str,
        original: tuple[str, ...] | None,
    ) -> tuple[str, ...]:
        """A lesson's checked objectives, filled in; () when absent or wrong.

        `original` is None for the original file, else its objectives.
        """
        if fields is None:
            return ()
        objectives = read_objectives(fields, original) or ()
        line = find_key_line(fields.text_of_file, "objectives")
        return tuple(
            self.text(item, language, fields.path, line) for item in objectives
        )

    def canonical(self, source: SourceFile | None, language: str) -> str:
        """The source for the content hash, with the fact values it uses."""
        if source is None:
            return ""
        used = used_values(source.text, self.facts, language)
        return source.canonical + "".join(f"\n{{{n}}}={v}" for n, v in used.items())
