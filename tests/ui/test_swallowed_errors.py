"""No screen swallows an error: every ``except`` in screens/ names what it expects, or
passes what it caught on to the one classification (which logs it), or logs it itself, or
raises again."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[2] / "screens"
BROAD = {"Exception", "BaseException"}
PASSES_ON = {"problem", "report", "_explained", "debug", "info", "warning", "error", "exception"}
"""Calls that log what was caught (screens.session's classification, or a logger)."""


def _broad(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(n, ast.Name) and n.id in BROAD for n in names)


def _passes_on(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in PASSES_ON:
                return True
    return False


def swallowed() -> list[str]:
    found = []
    for path in sorted(SCREENS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and _broad(node) and not _passes_on(node):
                found.append(f"{path.relative_to(SCREENS.parent)}:{node.lineno}")
    return found


def test_no_screen_catches_every_error_without_logging_or_raising_it():
    assert swallowed() == []


def test_the_rule_sees_a_swallowed_error(tmp_path, monkeypatch):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "quiet.py").write_text(
        "def f():\n    try:\n        g()\n    except Exception:\n        return None\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "SCREENS", tmp_path / "screens")
    assert swallowed() == ["screens/quiet.py:4"]
