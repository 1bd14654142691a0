"""Options shared by several commands, defined once."""

from __future__ import annotations

import argparse

LANGS = ("en", "ko")


def add_lang(parser: argparse.ArgumentParser, default: str | None = "en") -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=default,
        help="language of the report: en (English) or ko (Korean)" + (f"; default {default}" if default else ""),
    )


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json", "markdown")) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format: {', '.join(choices)} (default {choices[0]})",
    )


def load_kb(args: argparse.Namespace, env=None):
    """The knowledge base a command works on."""
    from advisor import kb

    return kb.builtin()
