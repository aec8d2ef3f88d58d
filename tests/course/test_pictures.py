"""The course's pictures: safe SVG files, shown in their lessons with alt texts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "customer-service-essentials"
SVGS = sorted(COURSE.rglob("assets/**/*.svg"))
MAX_BYTES = 15_000
HREF = re.compile(r"href$")
URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "image"}

# lesson page -> the asset it shows, per language
PICTURES = {
    "first-impressions/positive-body-language": {
        "en": "02-first-impressions/assets/body-language.svg",
        "de": "02-first-impressions/assets/body-language.svg",
    },
    "netiquette/netiquette-and-plain-language": {
        "en": "05-netiquette/assets/email-reply.en.svg",
        "de": "05-netiquette/assets/email-reply.de.svg",
    },
    "difficult-customers/limits-and-escalation": {
        "en": "06-difficult-customers/assets/escalation-path.en.svg",
        "de": "06-difficult-customers/assets/escalation-path.de.svg",
    },
}
# Words that show which language an alt text is written in.
LANGUAGE_WORDS = {"en": {"the", "and", "you"}, "de": {"der", "die", "und", "Sie"}}


def test_the_course_ships_its_pictures() -> None:
    shipped = {path.relative_to(COURSE).as_posix() for path in SVGS}
    wanted = {asset for langs in PICTURES.values() for asset in langs.values()}
    assert wanted <= shipped


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.name)
def test_svg_files_are_small_static_pictures(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) < MAX_BYTES
    # No DTD, so no entity tricks and nothing fetched while parsing.
    assert b"<!DOCTYPE" not in data.upper()
    assert b"<!ENTITY" not in data.upper()
    root = ElementTree.fromstring(data)  # noqa: S314 (our files, no DTD: checked)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox"), "a viewBox lets the picture scale to the screen"
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> in {path.name}"
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2]
            assert not local.lower().startswith("on"), f"{local}= in {path.name}"
            if HREF.search(local):
                assert value.startswith("#"), f"external link {value} in {path.name}"
            assert not URL.search(value), f"external url() in {path.name}"
        assert not URL.search(element.text or ""), f"external url() in {path.name}"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append({name: value or "" for name, value in attrs})


def _content_images(html: str) -> list[dict[str, str]]:
    parser = _Images()
    parser.feed(html)
    return [i for i in parser.images if i.get("src", "").startswith("/content/")]


def test_lessons_show_their_picture_with_an_alt_text_in_the_readers_language(
    client: Any, auth: Any, shipped: None
) -> None:
    for language in ("en", "de"):
        auth.login(language=language)
        for lesson, assets in PICTURES.items():
            url = f"/courses/customer-service-essentials/{lesson}"
            html = client.get(url).get_data(as_text=True)
            assert f'<html lang="{language}"' in html, url
            images = _content_images(html)
            assert len(images) == 1, (language, url)
            image = images[0]
            expected = f"/content/customer-service-essentials/{assets[language]}?v="
            assert image["src"].startswith(expected), (language, image["src"])
            words = set(re.findall(r"\w+", image.get("alt", "")))
            assert len(words) >= 15, (language, url, "the alt text must describe")
            assert words & LANGUAGE_WORDS[language], (language, url)
            other = "de" if language == "en" else "en"
            assert not words & (LANGUAGE_WORDS[other] - LANGUAGE_WORDS[language])
            with client.get(image["src"]) as response:
                assert response.status_code == 200
                assert response.mimetype == "image/svg+xml"
                assert "sandbox" in response.headers["Content-Security-Policy"]
        auth.logout()
