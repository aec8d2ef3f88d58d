"""The `<int:...>` URL converter: ids in ASCII digits that a column can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from lms.web.numbers import MAX_ID, parse_positive_int


class IdConverter(BaseConverter):
    """Werkzeug's `int` matches `\\d+`, so `/transcript/١.pdf` named person 1 and
    a twenty-digit id reached the database, where PostgreSQL refused it (a 500).
    This one matches ASCII digits only and answers 404 past the largest id."""

    regex = r"[0-9]+"
    weight = 50

    def to_python(self, value: str) -> int:
        number = parse_positive_int(value, MAX_ID)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def init_app(app: Flask) -> None:
    """Before any blueprint: each rule picks its converter when it is added."""
    app.url_map.converters["int"] = IdConverter
