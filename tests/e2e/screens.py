"""Checks and screenshots of a page at one viewport width, shared by the screen tests.

Screenshots go to tests/e2e/artifacts/screens/<width>/<name>.png (git-ignored).
"""

from __future__ import annotations

from typing import Any

from tests.fixtures.browser import ARTIFACTS, assert_accessible

SCREENS = ARTIFACTS / "screens"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}

# The widest elements that stick out of the viewport, named so a failure says where.
_OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5 || !el.checkVisibility()) continue;
    // Absolute elements escape a scroller that is not their containing block.
    let inside = false;
    let up = getComputedStyle(el).position === 'absolute' ? null : el.parentElement;
    for (; up && up !== document.body && !inside; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (['auto', 'scroll', 'hidden', 'clip'].includes(overflow)) {
        inside = up.getBoundingClientRect().right <= limit + 0.5;
      }
    }
    if (inside) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(name + ' right=' + Math.round(box.right) + ': ' +
      (el.textContent || '').trim().slice(0, 40));
  }
  return {
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    culprits: out.slice(0, 5),
  };
}"""


def shoot(page: Any, name: str) -> None:
    """A full-page screenshot of the page as it is now, named by viewport width."""
    width = page.viewport_size["width"]
    folder = SCREENS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def assert_fits(page: Any) -> None:
    """No horizontal page scroll: the document is no wider than the window."""
    found = page.evaluate(_OVERFLOW)
    assert found["scroll"] <= found["inner"], (
        f"{page.url}: the page is {found['scroll']} px wide in a "
        f"{found['inner']} px window; sticking out: {found['culprits']}"
    )


def check_screen(page: Any, url: str, name: str, status: int = 200) -> None:
    """Open a page, check it fits and passes axe, and keep a screenshot."""
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: {response.status}"
    page.wait_for_load_state("load")
    shoot(page, name)
    assert_fits(page)
    assert_accessible(page)
