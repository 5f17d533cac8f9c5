"""The docs describe what exists: every CLI command and every role is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

from congdoan.accounts.models import RoleKind
from congdoan.cli import build_parser

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands(parser: argparse.ArgumentParser, prefix: str = "congdoan") -> list[str]:
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}"
                nested = _commands(sub, full)
                found.extend(nested or [full])
    return found


def test_every_cli_command_is_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(build_parser())
    assert "congdoan demo" in commands
    missing = [c for c in commands if f"`{c}`" not in text]
    assert not missing, f"undocumented commands in docs/cli.md: {missing}"


def test_every_option_of_every_command_is_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            stack = list(action.choices.values())
            while stack:
                sub = stack.pop()
                for sub_action in sub._actions:
                    if isinstance(sub_action, argparse._SubParsersAction):
                        stack.extend(sub_action.choices.values())
                    for option in sub_action.option_strings:
                        if option.startswith("--") and option != "--help" and f"`{option}" not in text:
                            missing.append(f"{sub.prog} {option}")
    assert not missing, f"undocumented options in docs/cli.md: {missing}"


def test_every_role_is_documented():
    text = (DOCS / "roles.md").read_text(encoding="utf-8")
    missing = [kind for kind in RoleKind.values if f"`{kind}`" not in text]
    assert not missing, f"roles missing from docs/roles.md: {missing}"
