from __future__ import annotations

from bot.exts.ask._cooldown import QuestionCooldown, cooldown_notice


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_questions_per_window_then_refused_with_the_wait() -> None:
    clock = Clock()
    cooldown = QuestionCooldown(2, 60.0, clock=clock)
    assert cooldown.hit(1) is None
    clock.now += 10
    assert cooldown.hit(1) is None
    assert cooldown.hit(1) == 60.0 - 10
    assert cooldown.hit(2) is None
    clock.now += 50
    assert cooldown.hit(1) is None
    assert cooldown.hit(1) == 10.0


def test_refused_questions_do_not_extend_the_wait() -> None:
    clock = Clock()
    cooldown = QuestionCooldown(1, 30.0, clock=clock)
    cooldown.hit(1)
    for _ in range(5):
        clock.now += 5
        cooldown.hit(1)
    clock.now += 5
    assert cooldown.hit(1) is None


def test_one_notice_per_refused_window() -> None:
    clock = Clock()
    cooldown = QuestionCooldown(1, 30.0, clock=clock)
    cooldown.hit(1)
    assert cooldown.first_refusal(1, 30.0)
    assert not cooldown.first_refusal(1, 29.0)
    clock.now += 31
    assert cooldown.first_refusal(1, 30.0)


def test_notice_says_the_limit_and_when_to_retry() -> None:
    notice = cooldown_notice(QuestionCooldown(5, 60.0), 41.2)
    assert "5 questions per person every 60 seconds" in notice
    assert "<t:" in notice and ":R>" in notice
    assert "in about 42 seconds" in notice
