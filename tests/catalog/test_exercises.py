"""Exercises on the lesson page: the learner's answer first, then the model answer."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lms.models import ExerciseAnswer, Lesson, LessonText
from tests.content.course_tree import write_tree
from tests.fixtures.people import AuthActions

PHONE = "/courses/cse/basics/phone"
SCENE = f"{PHONE}/exercises/read-the-scene"
GREETING = f"{PHONE}/exercises/pick-a-greeting"
SCENE_ANSWER = "Stop typing, look up and greet the customer first."
GREETING_ANSWER = "The open question invites the customer to talk."

# A tiny course fixture: the phone lesson with one exercise of each kind,
# and its German translation with the same exercises.
EXERCISE_LESSON: dict[str, str | bytes | None] = {
    "courses/cse/01-basics/02-phone.md": (
        "---\ntitle: The phone\nestimated_minutes: 10\n---\n"
        "## Greeting\n\n![Smile](assets/smile.png)\n\n"
        "/// exercise | Read the scene\n"
        "A customer waits at the desk while the agent keeps typing.\n\n"
        "What should the agent do?\n"
        "/// answer\n"
        f"{SCENE_ANSWER}\n"
        "///\n\n"
        "/// exercise | Pick a greeting\n"
        "Which greeting fits best?\n\n"
        "( ) Next!\n"
        "( ) How can I help you today?\n"
        "( ) What is it?\n"
        "/// answer\n"
        f"The second. {GREETING_ANSWER}\n"
        "///\n"
    ),
    "courses/cse/01-basics/02-phone.de.md": (
        "---\ntitle: Das Telefon\n---\n"
        "## Begrüßung\n\n"
        "/// exercise | Die Szene lesen\n"
        "Eine Kundin wartet am Schalter, der Mitarbeiter tippt weiter.\n\n"
        "Was sollte er tun?\n"
        "/// answer\n"
        "Aufhören zu tippen, aufschauen und zuerst grüßen.\n"
        "///\n\n"
        "/// exercise | Eine Begrüßung wählen\n"
        "Welche Begrüßung passt am besten?\n\n"
        "( ) Der Nächste!\n"
        "( ) Wie kann ich Ihnen helfen?\n"
        "( ) Was gibt's?\n"
        "/// answer\n"
        "Die zweite: Die offene Frage lädt zum Erzählen ein.\n"
        "///\n"
    ),
}


@pytest.fixture
def exercises(sync: Any) -> None:
    report = sync(EXERCISE_LESSON)
    assert report.ok, report.lines


def _page(client: Any) -> str:
    return str(client.get(PHONE).get_data(as_text=True))


def test_sync_stores_exercises_apart_from_the_lesson_html(
    exercises: None, db: Any
) -> None:
    rows = db.scalars(
        select(LessonText).join(Lesson).where(Lesson.slug == "phone")
    ).all()
    texts = {row.language: row for row in rows}
    english = texts["en"]
    assert SCENE_ANSWER not in english.html
    assert "Which greeting fits best?" not in english.html
    assert english.html.count('class="exercise-slot"') == 2
    assert '"key": "read-the-scene"' in english.exercises_json
    assert SCENE_ANSWER in english.exercises_json
    german = texts["de"]
    # The German exercises carry the English keys: answers hold across languages.
    assert '"key": "pick-a-greeting"' in german.exercises_json
    assert "Eine Begrüßung wählen" in german.exercises_json


def test_learner_sees_the_prompt_but_not_the_model_answer(
    client: Any, auth: AuthActions, exercises: None
) -> None:
    auth.login()
    html = _page(client)
    assert 'id="exercise-read-the-scene"' in html
    assert "What should the agent do?" in html
    assert "Save my answer" in html
    assert "How can I help you today?" in html  # an option to pick
    assert SCENE_ANSWER not in html
    assert GREETING_ANSWER not in html
    assert "Model answer" not in html


def test_saving_a_text_answer_reveals_the_model_answer_and_keeps_it(
    client: Any, auth: AuthActions, exercises: None, db: Any
) -> None:
    person = auth.login()
    response = client.submit(SCENE, {"text": "  Look up <b>now</b>.  "}, page=PHONE)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{PHONE}#exercise-read-the-scene"
    for _visit in range(2):  # the redirect, then a later visit
        html = _page(client)
        assert "Your answer is saved." in html or _visit == 1
        assert "Look up &lt;b&gt;now&lt;/b&gt;." in html
        assert SCENE_ANSWER in html
        assert "Edit my answer" in html
        assert GREETING_ANSWER not in html  # the other exercise is still closed
    row = db.scalars(select(ExerciseAnswer)).one()
    assert (row.person_id, row.exercise_key, row.text, row.choice) == (
        person.id,
        "read-the-scene",
        "Look up <b>now</b>.",
        None,
    )


def test_saving_again_replaces_the_answer(
    client: Any, auth: AuthActions, exercises: None, db: Any
) -> None:
    auth.login()
    client.submit(SCENE, {"text": "First try."}, page=PHONE)
    client.submit(SCENE, {"text": "Second try."}, page=PHONE)
    html = _page(client)
    assert "Second try." in html
    assert "First try." not in html
    assert len(db.scalars(select(ExerciseAnswer)).all()) == 1


def test_a_choice_exercise_saves_the_chosen_option(
    client: Any, auth: AuthActions, exercises: None, db: Any
) -> None:
    auth.login()
    response = client.submit(GREETING, {"choice": "1"}, page=PHONE)
    assert response.headers["Location"] == f"{PHONE}#exercise-pick-a-greeting"
    html = _page(client)
    assert GREETING_ANSWER in html
    mine = html.split('class="exercise__mine"')[1].split("</div>")[0]
    assert "How can I help you today?" in mine
    assert 'name="choice" value="1" checked' in html
    assert db.scalars(select(ExerciseAnswer.choice)).one() == 1


def test_another_learner_does_not_see_the_first_ones_answer(
    client: Any, auth: AuthActions, exercises: None, make_client: Any, make_person: Any
) -> None:
    auth.login()
    client.submit(SCENE, {"text": "My private thoughts."}, page=PHONE)
    other = make_client()
    AuthActions(other, make_person).login()
    html = _page(other)
    assert "My private thoughts." not in html
    assert SCENE_ANSWER not in html
    assert "Save my answer" in html


@pytest.mark.parametrize(
    ("url", "form", "message"),
    [
        (SCENE, {"text": "   "}, "Write your answer in the box before you save it."),
        (SCENE, {}, "Write your answer in the box before you save it."),
        (SCENE, {"text": "x" * 2001}, "Your answer has 2001 characters"),
        (GREETING, {}, "Choose one of the options before you save."),
        (GREETING, {"choice": "3"}, "Choose one of the options before you save."),
    ],
)
def test_an_empty_or_wrong_answer_gives_a_form_error_and_saves_nothing(
    client: Any,
    auth: AuthActions,
    exercises: None,
    db: Any,
    url: str,
    form: dict[str, str],
    message: str,
) -> None:
    auth.login()
    response = client.submit(url, form, page=PHONE)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert SCENE_ANSWER not in html
    assert GREETING_ANSWER not in html
    assert db.scalars(select(ExerciseAnswer)).all() == []


def test_an_empty_edit_keeps_the_saved_answer(
    client: Any, auth: AuthActions, exercises: None
) -> None:
    auth.login()
    client.submit(SCENE, {"text": "Kept answer."}, page=PHONE)
    response = client.submit(SCENE, {"text": ""}, page=PHONE)
    assert response.status_code == 400
    assert "Write your answer in the box" in response.get_data(as_text=True)
    assert "Kept answer." in _page(client)


def test_saving_needs_the_csrf_token(
    client: Any, auth: AuthActions, exercises: None, db: Any
) -> None:
    auth.login()
    response = client.post(SCENE, data={"text": "No token."})
    assert response.status_code == 400
    assert db.scalars(select(ExerciseAnswer)).all() == []


@pytest.mark.parametrize(
    "url",
    [
        f"{PHONE}/exercises/no-such-exercise",
        "/courses/cse/basics/nope/exercises/read-the-scene",
        "/courses/nope/basics/phone/exercises/read-the-scene",
    ],
)
def test_unknown_exercise_or_lesson_is_404(
    client: Any, auth: AuthActions, exercises: None, url: str
) -> None:
    auth.login()
    assert client.submit(url, {"text": "x"}, page=PHONE).status_code == 404


def test_logged_out_visitor_cannot_save(client: Any, exercises: None, db: Any) -> None:
    response = client.submit(SCENE, {"text": "Anonymous."})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert db.scalars(select(ExerciseAnswer)).all() == []


def test_german_page_has_german_labels_and_the_same_answer(
    client: Any, auth: AuthActions, exercises: None
) -> None:
    auth.login(language="de")
    html = _page(client)
    assert "Übung:</span> Die Szene lesen" in html
    assert "Meine Antwort speichern" in html
    assert "Speichern Sie zuerst Ihre eigene Antwort" in html
    assert "Aufhören zu tippen" not in html
    response = client.submit(SCENE, {"text": " "}, page=PHONE)
    assert "Schreiben Sie Ihre Antwort in das Feld" in response.get_data(as_text=True)
    client.submit(GREETING, {"choice": "1"}, page=PHONE)
    html = _page(client)
    assert "Ihre Antwort ist gespeichert." in html
    assert "Musterlösung" in html
    assert "Meine Antwort ändern" in html
    assert "Die zweite: Die offene Frage" in html


def test_author_preview_shows_the_exercise_and_its_model_answer(
    client: Any, auth: AuthActions, content_root: Any
) -> None:
    write_tree(content_root, EXERCISE_LESSON)
    auth.login("author")
    html = client.get("/author/preview/cse/basics/phone").get_data(as_text=True)
    assert "What should the agent do?" in html
    assert "learners see it after saving their own answer" in html
    assert SCENE_ANSWER in html
    assert "Save my answer" not in html  # nothing to save in a preview
