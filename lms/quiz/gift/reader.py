"""Read Moodle GIFT text into plain question records, following Moodle's rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lms.quiz.bank.render import sanitize
from lms.quiz.bank.schema import Problem, QuestionType

# Escapes are swapped for private-use characters before parsing, as Moodle
# does with its "&&058;" placeholders, and swapped back in the texts.
_ESCAPED = "\\:#={}~n"
_ESCAPES = {"\\" + char: chr(0xE000 + i) for i, char in enumerate(_ESCAPED)}
_RESTORE = str.maketrans(
    {chr(0xE000 + i): "\n" if char == "n" else char for i, char in enumerate(_ESCAPED)}
)
_BLANK = "\ue008"
_ESCAPE_RE = re.compile(r"\\[\\:#={}~n]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\s*\[(markdown|html|plain|moodle)\]")
_PARAGRAPHS = re.compile(r"</p>\s*<p>", re.IGNORECASE)
_OUTER_P = re.compile(r"^<p>(.*)</p>$", re.IGNORECASE | re.DOTALL)
_TRUE_FALSE = ("T", "TRUE", "F", "FALSE")
_PLAIN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass
class GiftChoice:
    """A choice or accepted answer: ``text`` is Markdown, ``weight`` percent."""

    text: str
    correct: bool = True
    weight: float | None = None
    feedback: str = ""


@dataclass
class GiftQuestion:
    """One importable GIFT question, its texts already Markdown."""

    line: int
    type: QuestionType
    stem: str
    name: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    points: str = ""
    pinned: list[int] = field(default_factory=list)
    general_feedback: str = ""
    choices: list[GiftChoice] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _formatted(text: str, default: str) -> tuple[str, str]:
    """Moodle's parse_text_with_format: a leading ``[html]`` etc. sets the format.

    Text without a marker has ``default``, the question text's format.
    """
    match = _FORMAT.match(text)
    if match is None:
        return text, default
    return text[match.end() :], match.group(1)


def _markdown(text: str, text_format: str) -> str:
    """Restore escapes and turn the text into Markdown for its GIFT format.

    A format marker at the start of ``text`` overrides ``text_format`` and is
    never kept. HTML is sanitised with the bank's own rules (nh3) and its
    ``<p>`` paragraphs become Markdown paragraphs.
    """
    text, text_format = _formatted(text, text_format)
    text = text.translate(_RESTORE).strip()
    if text_format == "plain":
        return _PLAIN_SPECIALS.sub(r"\\\1", text)
    if text_format == "html":
        text = _PARAGRAPHS.sub("\n\n", sanitize(text).strip())
        outer = _OUTER_P.match(text)
        return outer.group(1).strip() if outer else text
    return text  # markdown as is; Moodle's format passes through Markdown


def _split_answers(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`x =a ~b` -> ("x", [("=", "a"), ("~", "b")]): leading text, then answers."""
    parts = re.split(r"([=~])", text)
    answers = [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]
    return parts[0].strip(), answers


def _equals_answers(text: str) -> list[str]:
    """Moodle's explode("=") for short and numeric answers, empty first dropped."""
    parts = [part.strip() for part in text.split("=")]
    return parts[1:] if parts and not parts[0] else parts


def _weighted(text: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(text)
    if match is None:
        return None, text
    return float(match.group(1)), text[match.end() :]


def _feedback(text: str, fmt: str) -> tuple[str, str]:
    """Answer and feedback, each with its own format marker or the question's."""
    answer, _, feedback = text.partition("#")
    return _markdown(answer, fmt), _markdown(feedback, fmt)


def _meta(comments: list[str], question: GiftQuestion) -> None:
    joined = "\n".join(comments)
    if match := re.search(r"\[id:((?:\\\]|[^\]])+)\]", joined):
        question.idnumber = match.group(1).replace("\\]", "]").strip()
    question.tags += [
        t.strip() for t in re.findall(r"\[tag:((?:\\\]|[^\]])+)\]", joined)
    ]
    if match := re.search(r"\[points:\s*([^\]\s]+)\s*\]", joined):
        question.points = match.group(1)
    question.pinned = [
        int(n) for n in re.findall(r"\[pinned:\s*(\d{1,4})\s*\]", joined)
    ]


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def choices(self, q: GiftQuestion, body: str, fmt: str) -> None:
        leading, answers = _split_answers(body)
        if leading:
            message = f"text '{leading}' before the first '=' or '~' was left out"
            self.problem(q.line, message)
        single = any(marker == "=" for marker, _ in answers)
        q.type = "single" if single else "multiple"
        for marker, raw in answers:
            weight, rest = _weighted(raw)
            text, feedback = _feedback(rest, fmt)
            if marker == "=":
                q.choices.append(GiftChoice(text, True, None, feedback))
            else:
                correct = not single and weight is not None and weight > 0
                weight = None if weight == 0 else weight
                q.choices.append(GiftChoice(text, correct, weight, feedback))

    def numeric(self, q: GiftQuestion, body: str, fmt: str) -> None:
        body = body[1:]
        body, tilde, _ = body.partition("~")
        if tilde:
            message = "numeric feedback for any other answer ('~') was left out"
            self.problem(q.line, message)
        for raw in _equals_answers(body):
            weight, rest = _weighted(raw.strip())
            answer, feedback = _feedback(rest, fmt)
            answer = answer.replace(" ", "")
            low, dots, high = answer.partition("..")
            value, colon, tolerance = answer.partition(":")
            try:
                if dots:
                    key = f"{_num(float(low))}..{_num(float(high))}"
                elif colon and float(tolerance) != 0:
                    key = f"{_num(float(value))} +- {_num(float(tolerance))}"
                else:
                    key = _num(float(value))
            except ValueError:
                self.problem(
                    q.line,
                    f"bad numeric answer '{answer}' in '{q.name or q.stem[:30]}'",
                )
                continue
            q.choices.append(GiftChoice(key, True, _not_full(weight), feedback))

    def read(
        self, line: int, text: str, comments: list[str], tags: list[str]
    ) -> GiftQuestion | None:
        text = _protect(text)
        name = ""
        if text.startswith("::") and "::" in text[2:]:
            name, _, text = text[2:].partition("::")
            name = name.translate(_RESTORE).strip()
        start, finish = text.find("{"), text.find("}")
        label = f"'{name}'" if name else f"the question at line {line}"
        if start < 0 and finish < 0:
            self.problem(line, f"{label} has no answers (a description); left out")
            return None
        if start < 0 or finish < start:
            self.problem(line, f"{label}: '{{' and '}}' do not pair up; left out")
            return None
        before, body, after = (
            text[:start],
            text[start + 1 : finish].strip(),
            text[finish + 1 :],
        )
        fmt_match = _FORMAT.match(before)
        fmt = fmt_match.group(1) if fmt_match else "moodle"
        if fmt_match:
            before = before[fmt_match.end() :]
        if after.strip():  # Missing word: the blank stands where the answers were.
            stem = _markdown(before + _BLANK + after, fmt).replace(_BLANK, "_____")
        else:
            stem = _markdown(before, fmt)
        q = GiftQuestion(line, "short", stem, name=name, tags=list(tags))
        _meta(comments, q)
        if "####" in body:
            body, _, general = body.rpartition("####")
            q.general_feedback = _markdown(general, fmt)
            body = body.strip()
        if not body:
            self.problem(
                line, f"{label} is an essay question, which is not supported; left out"
            )
            return None
        if body.startswith("#"):
            q.type = "numeric"
            self.numeric(q, body, fmt)
        elif "~" in body:
            self.choices(q, body, fmt)
        elif "=" in body and "->" in body:
            q.type = "matching"
            for raw in _equals_answers(body):
                left, arrow, right = raw.partition("->")
                if not arrow:
                    self.problem(line, f"{label}: matching answer '{raw}' has no '->'")
                q.pairs.append((_markdown(left, fmt), _markdown(right, fmt)))
        elif body.partition("#")[0].strip() in _TRUE_FALSE:
            answer, _, feedback = body.partition("#")
            wrong, _, right = feedback.partition("#")
            truth = answer.strip().startswith("T")
            q.type = "truefalse"
            right_md, wrong_md = _markdown(right, fmt), _markdown(wrong, fmt)
            q.choices = [
                GiftChoice("True", truth, None, right_md if truth else wrong_md),
                GiftChoice("False", not truth, None, wrong_md if truth else right_md),
            ]
        else:
            q.type = "short"
            for raw in _equals_answers(body):
                weight, rest = _weighted(raw)
                answer, feedback = _feedback(rest, fmt)
                q.choices.append(GiftChoice(answer, True, _not_full(weight), feedback))
        return q


def _not_full(weight: float | None) -> float | None:
    return None if weight is None or weight == 100 else weight


def _num(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _category_tags(line: str) -> list[str]:
    path = line.split(":", 1)[1].strip()
    return [
        part.strip()
        for part in path.split("/")
        if part.strip()
        and not part.strip().startswith("$")
        and part.strip().lower() != "top"
    ]


def read_gift(text: str, path: str) -> tuple[list[GiftQuestion], list[Problem]]:
    """Questions in file order; essays, descriptions and broken ones are problems."""
    reader = _Reader(path)
    questions: list[GiftQuestion] = []
    category: list[str] = []
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    block: list[tuple[int, str]] = []
    for number, line in [*enumerate(lines, start=1), (len(lines) + 1, "")]:
        if line.strip():
            block.append((number, line))
            continue
        if not block:
            continue
        comments = [t.strip() for _, t in block if t.strip().startswith("//")]
        body = [(n, t) for n, t in block if not t.strip().startswith("//")]
        block = []
        if not body:
            continue
        joined = "\n".join(t for _, t in body).strip()
        if joined.startswith("$CATEGORY:"):
            category = _category_tags(joined)
            continue
        question = reader.read(body[0][0], joined, comments, category)
        if question is not None:
            questions.append(question)
    return questions, reader.problems
