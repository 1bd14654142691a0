"""A command named first is parsed by a parser holding only that command (advisor/cli.py): the
same options, defaults, help and errors as with every command registered."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import commands
from advisor.cli import build_parser


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices[name]


@pytest.mark.parametrize("name", list(commands.NAMES))
def test_a_lean_parser_has_the_command_as_the_full_one_has_it(name):
    full, lean = _subparser(build_parser(), name), _subparser(build_parser(name), name)
    assert lean.format_help() == full.format_help()
    assert lean.format_usage() == full.format_usage()
    assert [a.option_strings or a.dest for a in lean._actions] == [a.option_strings or a.dest for a in full._actions]


def test_a_lean_parser_holds_only_its_command():
    (action,) = [a for a in build_parser("why-not")._actions if isinstance(a, argparse._SubParsersAction)]
    assert list(action.choices) == ["why-not"]
    (action,) = [a for a in build_parser("--version")._actions if isinstance(a, argparse._SubParsersAction)]
    assert list(action.choices) == list(commands.NAMES)  # anything else: every command


def test_every_command_module_is_listed_and_registers_under_its_name():
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert list(action.choices) == list(commands.NAMES)
    assert commands.COMMANDS == commands.modules()
    # a command module added to the folder but not to NAMES would never be registered
    folder = Path(commands.__file__).parent
    on_disk = {p.stem for p in folder.glob("*.py")} - {"__init__", "common"}
    assert on_disk == set(commands.NAMES.values())


@pytest.mark.parametrize("argv", [
    ["evaluate", "a.json", "--format", "json", "--jobs", "1"],
    ["explain", "q.txt", "--lang", "ko"],
    ["kb", "check"],
    ["why-not", "nat-gateway-for-egress", "--answers", "a.json"],
])
def test_lean_and_full_parsers_read_the_same_arguments(argv):
    lean, full = vars(build_parser(argv[0]).parse_args(argv)), vars(build_parser().parse_args(argv))
    assert lean == full


def test_a_usage_error_reads_the_same(cli):
    r = cli("evaluate")
    assert r.status == 2 and "usage: advisor evaluate" in r.stderr and "required: FILE" in r.stderr


def test_a_process_imports_only_the_command_it_runs():
    code = (
        "import sys\n"
        "from advisor.cli import build_parser\n"
        "build_parser('evaluate').parse_args(['evaluate', 'x.json'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('advisor.commands.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['advisor.commands.common', 'advisor.commands.evaluate']"
