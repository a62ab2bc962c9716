from __future__ import annotations

import pytest

from bot.moderation.access import IN_DM, NO_EDITOR_GUILDS, NOT_EDITOR_GUILD, NOT_MODERATOR, EditorPolicy

EDITOR_GUILD, OTHER_GUILD, MOD_ROLE, OTHER_ROLE = 1, 2, 10, 11
POLICY = EditorPolicy(frozenset({EDITOR_GUILD}), frozenset({MOD_ROLE}))


@pytest.mark.parametrize(
    ("guild_id", "roles", "manage_guild", "expected"),
    [
        (EDITOR_GUILD, [], False, NOT_MODERATOR),
        (EDITOR_GUILD, [OTHER_ROLE], False, NOT_MODERATOR),
        (EDITOR_GUILD, [OTHER_ROLE, MOD_ROLE], False, None),
        (EDITOR_GUILD, [], True, None),
        (OTHER_GUILD, [MOD_ROLE], True, NOT_EDITOR_GUILD),
        (OTHER_GUILD, [], False, NOT_EDITOR_GUILD),
        (None, [MOD_ROLE], True, IN_DM),
    ],
)
def test_who_may_edit(
    guild_id: int | None, roles: list[int], manage_guild: bool, expected: str | None
) -> None:
    assert POLICY.refusal(guild_id=guild_id, role_ids=roles, manage_guild=manage_guild) == expected


def test_without_editor_guilds_nobody_may_edit() -> None:
    policy = EditorPolicy(frozenset(), frozenset({MOD_ROLE}))
    assert policy.refusal(guild_id=EDITOR_GUILD, role_ids=[MOD_ROLE], manage_guild=True) == NO_EDITOR_GUILDS
