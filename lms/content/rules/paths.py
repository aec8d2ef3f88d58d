"""Reading `paths:` (course.md) and `path_titles:` (translations) into LearningPaths."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence

from lms.content.fields import FieldReader, describe
from lms.content.frontmatter import find_key_line, normalize_newlines
from lms.content.names import is_slug
from lms.content.schema import N_, LearningPath, ModuleDoc, Problem

PATHS_KEY = "paths"
TITLES_KEY = "path_titles"
_PATH_KEYS = frozenset({"id", "title", "modules", "final_exam", "departments"})
_ITEM_KEY = re.compile(r"""\s*(?:-\s+)?(["']?)([A-Za-z_]+)\1\s*:""")


def read_paths(
    fields: FieldReader | None,
    translations: Mapping[str, FieldReader],
    modules: Sequence[ModuleDoc],
    quiz_ids: Collection[str],
    course_final_exam: str | None,
    language: str,
) -> tuple[LearningPath, ...]:
    """The course's paths, each problem reported at its line; () without `paths:`."""
    module_slugs = [module.slug for module in modules]
    if fields is None or PATHS_KEY not in fields.meta:
        for reader in translations.values():
            if TITLES_KEY in reader.meta:
                reader.report(
                    TITLES_KEY, N_("'path_titles' needs 'paths' in course.md")
                )
        return ()
    value = fields.meta[PATHS_KEY]
    if not isinstance(value, list) or not value:
        fields.report(
            PATHS_KEY,
            N_(
                "'paths' must be a list of paths, each with id, title and modules, "
                "not %(value)s",
                value=describe(value),
            ),
        )
        return ()
    lines = _item_lines(fields.text_of_file)
    checker = _PathReader(fields, lines, module_slugs, quiz_ids, course_final_exam)
    read = [
        (index, path)
        for index, item in enumerate(value)
        if (path := checker.path(index, item, language)) is not None
    ]
    checker.check_unique(read)
    return tuple(_with_translations([path for _, path in read], translations))


def _item_lines(text: str) -> list[dict[str, int]]:
    """Per item of the `paths:` list: the line of each of its keys (`-` at "")."""
    items: list[dict[str, int]] = []
    inside = False
    for number, line in enumerate(normalize_newlines(text).split("\n")[1:], 2):
        if line.strip() == "---":
            break
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[:1].isspace() and not line.startswith("-"):
            inside = re.match(rf"{PATHS_KEY}\s*:", line) is not None
            continue
        if not inside:
            continue
        if line.lstrip().startswith("-"):
            items.append({"": number})
        match = _ITEM_KEY.match(line)
        if match and items:
            items[-1].setdefault(match.group(2), number)
    return items


class _PathReader:
    """Checks one `paths:` list item after the other."""

    def __init__(
        self,
        fields: FieldReader,
        lines: list[dict[str, int]],
        module_slugs: Sequence[str],
        quiz_ids: Collection[str],
        course_final_exam: str | None,
    ) -> None:
        self.fields = fields
        self.lines = lines
        self.module_slugs = module_slugs
        self.quiz_ids = quiz_ids
        self.course_final_exam = course_final_exam
        self.item_index = 0

    def report(self, key: str, message: str) -> None:
        lines = self.lines[self.item_index] if self.item_index < len(self.lines) else {}
        line = (
            lines.get(key)
            or lines.get("")
            or find_key_line(self.fields.text_of_file, PATHS_KEY)
        )
        self.fields.problems.append(Problem(self.fields.path, line, message))

    def path(self, index: int, item: object, language: str) -> LearningPath | None:
        self.item_index = index
        where: str = N_("path %(number)s", number=index + 1)
        if not isinstance(item, dict):
            self.report(
                "",
                N_(
                    "%(where)s must have indented keys, not %(value)s",
                    where=where,
                    value=describe(item),
                ),
            )
            return None
        for key in item:
            if key not in _PATH_KEYS:
                allowed = ", ".join(sorted(_PATH_KEYS))
                self.report(
                    str(key),
                    N_(
                        "unknown key '%(key)s' in %(where)s; allowed: %(allowed)s",
                        key=key,
                        where=where,
                        allowed=allowed,
                    ),
                )
        path_id = item.get("id")
        if not isinstance(path_id, str) or not is_slug(path_id):
            self.report(
                "id",
                N_(
                    "%(where)s needs an 'id' of lowercase letters, digits and "
                    "dashes like 'core', not %(value)s",
                    where=where,
                    value=describe(path_id),
                ),
            )
            return None
        where = N_("path '%(id)s'", id=path_id)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            self.report("title", N_("%(where)s needs a 'title' (text)", where=where))
            title = path_id
        modules = self.modules(where, item.get("modules"))
        final_exam = item.get("final_exam", self.course_final_exam)
        if final_exam is not None and (
            not isinstance(final_exam, str) or final_exam not in self.quiz_ids
        ):
            banks = ", ".join(sorted(self.quiz_ids)) or N_("none yet")
            self.report(
                "final_exam",
                N_(
                    "%(where)s: final_exam %(value)s is not a question "
                    "bank of this course (banks: %(banks)s)",
                    where=where,
                    value=describe(final_exam),
                    banks=banks,
                ),
            )
        departments = self.departments(where, item.get("departments", []))
        if modules is None:
            return None
        return LearningPath(
            id=path_id,
            titles={language: title.strip()},
            modules=modules,
            final_exam=final_exam if isinstance(final_exam, str) else None,
            departments=departments,
        )

    def modules(self, where: str, value: object) -> tuple[str, ...] | None:
        if value == "all":
            return tuple(self.module_slugs)
        if not isinstance(value, list) or not value:
            self.report(
                "modules",
                N_(
                    "%(where)s: 'modules' must be a list of module slugs like "
                    "[first-steps, telephone] or 'all', not %(value)s",
                    where=where,
                    value=describe(value),
                ),
            )
            return None
        unknown = [slug for slug in value if slug not in self.module_slugs]
        if unknown:
            known = ", ".join(self.module_slugs)
            self.report(
                "modules",
                N_(
                    "%(where)s: %(value)s is not a module of this course "
                    "(modules: %(known)s)",
                    where=where,
                    value=describe(unknown[0]),
                    known=known,
                ),
            )
            return None
        if len(set(value)) != len(value):
            self.report(
                "modules", N_("%(where)s: 'modules' names a module twice", where=where)
            )
        wanted = set(value)
        return tuple(slug for slug in self.module_slugs if slug in wanted)

    def departments(self, where: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(
            isinstance(name, str) and name.strip() for name in value
        ):
            self.report(
                "departments",
                N_(
                    "%(where)s: 'departments' must be a list of department names "
                    "like [Customer Service], not %(value)s",
                    where=where,
                    value=describe(value),
                ),
            )
            return ()
        return tuple(name.strip() for name in value)

    def check_unique(self, paths: Sequence[tuple[int, LearningPath]]) -> None:
        ids: set[str] = set()
        owners: dict[str, str] = {}
        for index, path in paths:
            self.item_index = index
            if path.id in ids:
                self.report("id", N_("path id '%(id)s' is given twice", id=path.id))
            ids.add(path.id)
            for name in path.departments:
                key = name.casefold()
                if key in owners and owners[key] != path.id:
                    self.report(
                        "departments",
                        N_(
                            "department '%(name)s' is listed in paths "
                            "'%(first)s' and '%(second)s'; list it in one",
                            name=name,
                            first=owners[key],
                            second=path.id,
                        ),
                    )
                owners.setdefault(key, path.id)


def _with_translations(
    paths: list[LearningPath], translations: Mapping[str, FieldReader]
) -> list[LearningPath]:
    """Add each translation's `path_titles` to the paths' titles."""
    known = {path.id for path in paths}
    extra: dict[str, dict[str, str]] = {}
    for language, reader in sorted(translations.items()):
        value = reader.meta.get(TITLES_KEY)
        if value is None:
            continue
        if not isinstance(value, dict):
            reader.report(
                TITLES_KEY,
                N_(
                    "'path_titles' must map path ids to titles, like "
                    "{core: Kern}, not %(value)s",
                    value=describe(value),
                ),
            )
            continue
        for path_id, title in value.items():
            if path_id not in known:
                reader.report(
                    str(path_id),
                    N_(
                        "path_titles names '%(id)s', which is not a path in "
                        "course.md (paths: %(known)s)",
                        id=path_id,
                        known=", ".join(sorted(known)),
                    ),
                    parent=TITLES_KEY,
                )
            elif not isinstance(title, str) or not title.strip():
                reader.report(
                    str(path_id),
                    N_("path_titles: the title of '%(id)s' must be text", id=path_id),
                    parent=TITLES_KEY,
                )
            else:
                extra.setdefault(str(path_id), {})[language] = title.strip()
    return [
        LearningPath(
            id=path.id,
            titles={**path.titles, **extra.get(path.id, {})},
            modules=path.modules,
            final_exam=path.final_exam,
            departments=path.departments,
        )
        for path in paths
    ]


def dump_paths(paths: Sequence[LearningPath]) -> str:
    """The paths as stored on the course row (``Course.paths_json``)."""
    return json.dumps(
        [
            {
                "id": path.id,
                "titles": dict(path.titles),
                "modules": list(path.modules),
                "final_exam": path.final_exam,
                "departments": list(path.departments),
            }
            for path in paths
        ],
        ensure_ascii=False,
        sort_keys=True,
    )


def load_paths(text: str) -> tuple[LearningPath, ...]:
    """``dump_paths`` read back."""
    return tuple(
        LearningPath(
            id=item["id"],
            titles=item["titles"],
            modules=tuple(item["modules"]),
            final_exam=item["final_exam"],
            departments=tuple(item["departments"]),
        )
        for item in json.loads(text or "[]")
    )


def final_exam_ids(final_exam: str | None, paths_json: str) -> frozenset[str]:
    """Every bank a course takes as a final exam: its own and its paths'."""
    exams = {path.final_exam for path in load_paths(paths_json)} | {final_exam}
    return frozenset(exam for exam in exams if exam)
