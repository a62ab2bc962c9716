"""Discord features, one extension each.

A feature is a module `bot/exts/<name>.py` or a package `bot/exts/<name>/` whose top level defines
`async def setup(bot: CareerBot) -> None` (usually `await bot.add_cog(...)`). `CareerBot.setup_hook`
loads every one found here; names starting with `_` are private helpers and are skipped. A module
without `setup` fails the start with discord.py's `NoEntryPointError`, on purpose.
"""

from __future__ import annotations

import pkgutil

#: Extensions that work in the background of a serving bot; a bot that only syncs commands skips them.
BACKGROUND = frozenset({f"{__name__}.knowledge_upkeep"})


def discover_extensions(*, background: bool = True) -> tuple[str, ...]:
    """Dotted names of the extensions in this package, sorted so the load order is stable."""
    names = (
        module.name
        for module in pkgutil.iter_modules(__path__, prefix=f"{__name__}.")
        if not module.name.rpartition(".")[2].startswith("_")
        and (background or module.name not in BACKGROUND)
    )
    return tuple(sorted(names))
