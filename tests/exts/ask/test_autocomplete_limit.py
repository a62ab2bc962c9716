from __future__ import annotations

from bot.exts.ask._autocomplete_limit import AutocompleteLimit


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_served_then_the_previous_choices_come_back_until_the_budget_refills() -> None:
    clock = Clock()
    limit = AutocompleteLimit(burst=3, per_second=2.0, clock=clock)
    computed: list[str] = []

    def typed(text: str) -> list[tuple[str, str]]:
        return limit.choices(7, lambda: computed.append(text) or [(text, text)])

    assert [typed(t) for t in ("a", "ab", "abc")] == [[("a", "a")], [("ab", "ab")], [("abc", "abc")]]
    assert typed("abcd") == [("abc", "abc")]  # over budget: nothing computed, the last choices again
    assert computed == ["a", "ab", "abc"]
    clock.now += 0.5  # one request's worth of budget back
    assert typed("abcde") == [("abcde", "abcde")]
    assert typed("abcdef") == [("abcde", "abcde")]


def test_each_user_has_their_own_budget() -> None:
    limit = AutocompleteLimit(burst=1, per_second=1.0, clock=Clock())
    assert limit.choices(1, lambda: [("x", "x")]) == [("x", "x")]
    assert limit.choices(1, lambda: [("y", "y")]) == [("x", "x")]
    assert limit.choices(2, lambda: [("z", "z")]) == [("z", "z")]
