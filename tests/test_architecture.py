"""The house's walls: only the Discord layer imports discord, and no import runs back up the tower.

Imports are read from the source (every ``import`` and ``from ... import``, including the ones inside
functions), so a wall cannot be crossed by a lazy import either. Imports under ``if TYPE_CHECKING:``
are for annotations only and never run (an extension names ``CareerBot`` in its ``setup``): they may
point up, but never at discord from a core package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bot"

#: The tower, lowest first. A module may import from its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bot.limits", "bot.config", "bot.logging_setup"),
    ("bot.knowledge",),
    ("bot.matching",),
    ("bot.answers", "bot.question_choices"),
    ("bot.rendering", "bot.storage"),
    ("bot.service",),
    ("bot.moderation",),
    ("bot.ui",),
    ("bot.command_sync", "bot.exts"),
    ("bot.client",),
    ("bot.console", "bot.cli", "bot.__main__"),
)
#: The only places that may import discord (logging uses its coloured handler).
DISCORD_ALLOWED = ("bot.ui", "bot.exts", "bot.client", "bot.command_sync", "bot.logging_setup")
CORE = ("knowledge", "matching", "answers", "moderation", "storage", "rendering", "service")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, typing_only: bool = True) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


_PATHS = sorted(PACKAGE.rglob("*.py"))
MODULES = {_module_name(path): _imports(path) for path in _PATHS}
#: What each module imports when it runs: the tower's arrows.
RUNTIME_IMPORTS = {_module_name(path): _imports(path, typing_only=False) for path in _PATHS}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _layer(module: str) -> int | None:
    for number, prefixes in enumerate(LAYERS):
        if any(_within(module, prefix) for prefix in prefixes):
            return number
    return None


def test_every_module_has_a_place_in_the_tower() -> None:
    assert [name for name in MODULES if name != "bot" and _layer(name) is None] == []


@pytest.mark.parametrize("package", CORE)
def test_core_packages_do_not_import_discord(package: str) -> None:
    offenders = {
        module: sorted(n for n in names if _within(n, "discord"))
        for module, names in MODULES.items()
        if _within(module, f"bot.{package}") and any(_within(n, "discord") for n in names)
    }
    assert offenders == {}


def test_only_the_discord_layer_imports_discord() -> None:
    offenders = [
        module
        for module, names in MODULES.items()
        if any(_within(n, "discord") for n in names)
        and not any(_within(module, allowed) for allowed in DISCORD_ALLOWED)
    ]
    assert offenders == []


def upward_imports(modules: dict[str, set[str]]) -> list[str]:
    upward = []
    for module, names in modules.items():
        own = _layer(module)
        for name in names:
            target = _layer(name) if _within(name, "bot") and name != "bot" else None
            if own is not None and target is not None and target > own:
                upward.append(f"{module} -> {name}")
    return upward


def test_no_import_runs_back_up_the_tower() -> None:
    assert upward_imports(RUNTIME_IMPORTS) == []


def test_an_upward_import_is_seen(tmp_path: Path) -> None:
    """The walls are only worth something if the check can fail."""
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def start():\n    from bot.client import CareerBot\n", encoding="utf-8")
    assert sorted(upward_imports({"bot.service": _imports(lazy, typing_only=False)})) == [
        "bot.service -> bot.client",
        "bot.service -> bot.client.CareerBot",
    ]
    assert not _within("bot.uix", "bot.ui")
