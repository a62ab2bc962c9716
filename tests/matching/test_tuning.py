"""Every hand-set number of the matcher is in bot/matching/tuning.py, each saying where it comes from."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MATCHING = Path(__file__).resolve().parents[2] / "bot" / "matching"
#: tuning.py holds the hand-set numbers; calibration.py the fitted ones, written by bench/calibrate.py.
_NUMBERS_BELONG = {"tuning.py", "calibration.py"}


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp | ast.BinOp):
        return all(_is_number(n) for n in ast.iter_child_nodes(node) if isinstance(n, ast.expr))
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_is_number(n) for n in node.elts)
    return False


def test_every_tuned_number_says_where_it_comes_from() -> None:
    lines = (MATCHING / "tuning.py").read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    names = [node for node in tree.body if isinstance(node, ast.Assign)]
    assert len(names) >= 30
    for node in names:
        comment = lines[node.lineno - 2]
        assert comment.startswith(("#: Hand-set: ", "#: Measured ")), f"line {node.lineno}: {comment!r}"
        assert _is_number(node.value), f"line {node.lineno} is not a number"


@pytest.mark.parametrize(
    "module", sorted(p.name for p in MATCHING.glob("*.py") if p.name not in _NUMBERS_BELONG)
)
def test_no_other_module_sets_a_number_of_its_own(module: str) -> None:
    """No module-level constant that is a number (or a tuple of numbers) outside tuning.py."""
    tree = ast.parse((MATCHING / module).read_text(encoding="utf-8"))
    numbers = [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and _is_number(node.value)
    ]
    assert not numbers, f"{module} sets numbers on lines {numbers}: move them to tuning.py"
