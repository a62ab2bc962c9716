"""The storage contract, run against both backends (the ``storage`` fixture is parametrised)."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.matching.result import MatchStatus
from bot.storage import ChannelKind, LabelVerdict, NewChange, Storage, VoteOutcome
from tests.storage.conftest import fetch

QUESTION = {"guild_id": 1, "channel_id": 2, "via": "slash", "entry_id": None, "score": 0.1}


async def test_votes_are_one_per_user_entry_and_message(storage: Storage) -> None:
    vote = {"message_id": 10, "user_id": 20, "entry_id": "salary-comparison"}
    assert await storage.record_feedback(**vote, helpful=True) is VoteOutcome.RECORDED
    assert await storage.record_feedback(**vote, helpful=True) is VoteOutcome.UNCHANGED
    assert await storage.record_feedback(**vote, helpful=False) is VoteOutcome.CHANGED
    assert await storage.record_feedback(**vote | {"user_id": 21}, helpful=True) is VoteOutcome.RECORDED
    stats = await storage.question_stats(1)
    assert (stats.helpful, stats.not_helpful) == (1, 1)


async def test_a_question_with_a_lone_surrogate_or_nul_is_logged(storage: Storage) -> None:
    """Discord can deliver text no UTF-8 encoder takes; the question is logged with U+FFFD instead."""
    text = "is \ud800 rust \x00 worth it? \U0001f600"
    await storage.record_question(user_id=1, question=text, status=MatchStatus.UNSURE, **QUESTION)

    (gap,) = await storage.gap_questions(0.0)
    assert gap.text == "is \ufffd rust \ufffd worth it? \U0001f600"


async def test_labels_count_the_same_question_again_and_close_once(storage: Storage) -> None:
    await storage.record_label("Is a PhD needed?", "phd", LabelVerdict.CHOSEN, user_id=1)
    await storage.record_label("is a  phd NEEDED?", "phd", LabelVerdict.CHOSEN, user_id=2)
    await storage.record_label("is a phd needed?", "phd", LabelVerdict.NOT_THIS, user_id=3)
    await storage.record_label("tf or torch", "tools", LabelVerdict.CHOSEN, user_id=3)

    labels = await storage.open_labels()
    assert [(label.question, label.entry_id, label.verdict, label.times) for label in labels] == [
        ("Is a PhD needed?", "phd", LabelVerdict.CHOSEN, 2),
        ("tf or torch", "tools", LabelVerdict.CHOSEN, 1),
        ("is a phd needed?", "phd", LabelVerdict.NOT_THIS, 1),
    ]
    assert labels[0].last_at >= labels[2].last_at - 1

    closed = await storage.close_label(labels[0].id, accepted=True, moderator_id=9)
    assert closed is not None and closed.id == labels[0].id and closed.times == 2
    assert await storage.close_label(labels[0].id, accepted=False, moderator_id=9) is None
    assert await storage.close_label(10_000, accepted=True, moderator_id=9) is None
    await storage.record_label("is a phd needed?", "phd", LabelVerdict.CHOSEN, user_id=4)
    assert [label.entry_id for label in await storage.open_labels(limit=1)] == ["tools"]


async def test_answer_channels_are_none_until_moderators_choose(storage: Storage) -> None:
    assert await storage.answer_channels(ChannelKind.ASK) is None
    await storage.set_answer_channels(ChannelKind.ASK, frozenset({5, 6}), moderator_id=1)
    await storage.set_answer_channels(ChannelKind.FORUM, frozenset({7}), moderator_id=1)
    assert await storage.answer_channels(ChannelKind.ASK) == frozenset({5, 6})
    await storage.set_answer_channels(ChannelKind.ASK, frozenset(), moderator_id=2)
    assert await storage.answer_channels(ChannelKind.ASK) == frozenset()
    assert await storage.answer_channels(ChannelKind.FORUM) == frozenset({7})


async def test_the_audit_log_keeps_changes_and_the_undo_stack(storage: Storage) -> None:
    items = json.dumps([{"kind": "entry", "key": "a", "before": None, "after": {"id": "a"}}])
    added = NewChange(1.0, 4, "mod", 7, "add", "added 'a'", "entry:a", items)
    first = await storage.record_change(added)
    second = await storage.record_change(replace(added, changed_at=2.0, action="edit", summary="edited 'a'"))
    latest = await storage.last_undoable_change(undo_action="undo")
    assert latest is not None and (latest.id, latest.summary, latest.items) == (second, "edited 'a'", items)

    undo = await storage.record_change(
        replace(added, changed_at=3.0, action="undo", summary="undid", undoes=second)
    )
    latest = await storage.last_undoable_change(undo_action="undo")
    assert latest is not None and latest.id == first

    assert await fetch(storage, "SELECT COUNT(*) FROM faq_changes") == [(3,)]
    assert undo != second
    assert await storage.find_change(2.0, 4, "edit") == second
    assert await storage.find_change(2.0, 4, "add") is None


async def test_a_change_with_a_lone_surrogate_or_nul_is_recorded(storage: Storage) -> None:
    """A moderator's name or an entry's text may carry what no database takes; it is stored with U+FFFD."""
    odd, cleaned = "a \ud800 b \x00 c", "a \ufffd b \ufffd c"
    await storage.record_change(NewChange(1.0, 4, odd, None, "edit", odd, odd, odd))

    latest = await storage.last_undoable_change(undo_action="undo")
    assert latest is not None and latest.guild_id is None
    assert (latest.user_name, latest.summary, latest.items) == (cleaned, cleaned, cleaned)
    assert await fetch(storage, "SELECT targets FROM faq_changes") == [(cleaned,)]


async def test_prune_answers_how_many_went(storage: Storage) -> None:
    await storage.record_question(user_id=1, question="q", status=MatchStatus.UNSURE, **QUESTION)
    assert await storage.prune_questions(1) == 0
    assert await storage.question_stats(1) is not None
