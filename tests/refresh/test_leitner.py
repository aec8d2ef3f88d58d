"""The Leitner rule and the seeded draw (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from lms.refresh import leitner
from lms.refresh.leitner import BoxState, select_questions

TODAY = date(2026, 3, 1)


def test_wrong_goes_to_box_one_right_moves_up() -> None:
    assert leitner.next_box(4, correct=False) == 1
    assert leitner.next_box(None, correct=True) == 2
    assert leitner.next_box(2, correct=True) == 3
    assert leitner.next_box(leitner.TOP_BOX, correct=True) == leitner.TOP_BOX
    assert leitner.answered(3, False, TODAY) == BoxState(1, TODAY)
    assert leitner.answered(1, True, TODAY) == BoxState(2, TODAY + timedelta(days=14))


def test_due_weak_questions_first_and_new_mixed_in() -> None:
    boxes = {
        "a": BoxState(1, TODAY),
        "b": BoxState(3, TODAY - timedelta(days=1)),
        "c": BoxState(4, TODAY + timedelta(days=30)),
    }
    chosen = select_questions(["a", "b", "c", "n1", "n2"], boxes, TODAY, 3, seed=7)
    assert "a" in chosen
    assert "b" in chosen
    assert {"n1", "n2"} & set(chosen)
    assert "c" not in chosen


keys = st.lists(st.text("abcdef", min_size=1, max_size=3), min_size=1, max_size=12)


@given(
    candidates=keys,
    boxed=st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.tuples(st.integers(1, 5), st.integers(-40, 40)),
    ),
    count=st.integers(3, 5),
    seed=st.integers(0, 2**31 - 1),
)
def test_draw_is_reproducible_distinct_and_sized(
    candidates: list[str], boxed: dict[str, tuple[int, int]], count: int, seed: int
) -> None:
    boxes = {k: BoxState(b, TODAY + timedelta(days=d)) for k, (b, d) in boxed.items()}
    first = select_questions(candidates, boxes, TODAY, count, seed)
    assert first == select_questions(
        list(reversed(candidates)), boxes, TODAY, count, seed
    )
    assert len(first) == len(set(first)) == min(count, len(set(candidates)))
    assert set(first) <= set(candidates)
    # Every due box-1 question is drawn while there is room for it.
    due_ones = [
        k
        for k in set(candidates)
        if k in boxes and boxes[k].box == 1 and boxes[k].due_on <= TODAY
    ]
    new = [k for k in set(candidates) if k not in boxes]
    room = count - (min(len(new), max(1, int(count * 0.5))) if new else 0)
    if len(due_ones) <= room:
        assert set(due_ones) <= set(first)
