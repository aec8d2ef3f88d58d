"""A German author sees every kind of problem in German on the author page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from markupsafe import escape

from lms.authoring.overview import overview
from lms.content.schema import Message
from tests.content.course_tree import write_tree
from tests.fixtures.content import bank
from tests.sync.test_item_warnings import BANK, ONE_SIDED

MODULE = "courses/cse/01-basics"

# One file per kind of problem the course checker reports.
BROKEN = {
    f"{MODULE}/02-phone.md": "---\ntitle: Quick recap: who is it?\n---\nText.\n",
    f"{MODULE}/03-tabs.md": "---\ntitle: A\n\tsummary: B\n---\nText.\n",
    f"{MODULE}/04-open.md": "---\ntitle: Open\n",
    f"{MODULE}/05-bare.md": "No front matter.\n",
    f"{MODULE}/06-keys.md": (
        "---\ntitle: Keys\ntitel: x\nestimated_minutes: many\n---\n"
        '!!! warnung "Hm"\n    Text.\n\n## H {: style="x" }\n\n'
        "[a](nowhere.md) [b](missing.png) ![c](../../../outside.png)\n"
    ),
    f"{MODULE}/07-empty.md": "---\ntitle: Empty\n---\n",
    f"{MODULE}/08-lone.de.md": "---\ntitle: Allein\n---\nText.\n",
    f"{MODULE}/Bad Name.md": "---\ntitle: Bad\n---\nText.\n",
    f"{MODULE}/notes.txt": "stray\n",
    "courses/cse/course.de.md": "---\ntitle: Kurs\n---\nText.\n",
    BANK: ONE_SIDED,
    # Bank problems: front matter, questions, answers, ids, draw, translation.
    "quizzes/cse/extra.md": bank("extra", "Extra", "colour: red\ndraw: 9\n")
    + "Stray text.\n\n# Level one\n\n"
    + "## No id\n\n- [ ] a\n- [ ] b\n\n"
    + "## Two right {#q-two .single}\n\n- [x] a\n- [x] b\n\n"
    + "## Nothing {#q-none}\n\n"
    + "## Again {#q-two}\n\n= yes\n\n",
    "quizzes/cse/extra.de.md": "---\ntitle: Extra\npass_mark: 3\n---\n"
    + "## Zwei {#q-two .single}\n\n- [ ] a\n- [x] b\n- [ ] c\n",
}


def test_every_problem_is_german_for_a_german_author(
    app: Flask, client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(content_root, BROKEN)
    checked = overview(content_root / "courses", content_root / "quizzes")
    listed = checked.listed
    assert checked.problems
    assert checked.warnings
    assert checked.translations
    assert len(listed) >= 25, listed
    paths = {s.path for s in listed}
    assert {"quizzes/cse/extra.md", "quizzes/cse/extra.de.md", BANK} <= paths
    unmarked = [s for s in listed if not isinstance(s.message, Message)]
    assert not unmarked, unmarked

    auth.login("author", language="de")
    html = client.get("/author/").get_data(as_text=True)
    assert "Warnung:" in html
    with app.test_request_context(headers={"Accept-Language": "de"}):
        from flask_babel import force_locale

        from lms.authoring.messages import explain

        with force_locale("de"):
            german = [explain(s.message) for s in listed]
    for shown, text in zip(listed, german, strict=True):
        assert str(escape(text)) in html, text
        # Every template was translated: the German text is not the English one.
        english = str(shown.message)
        assert text.lower() != english.lower(), english
        assert str(escape(english)) not in html, english
