"""Study mode: browse and search the notes (:mod:`.notes`), the persistent study record and its
wrong-answer notebook (:mod:`.store`), and progress by topic (:mod:`.progress`)."""

from __future__ import annotations

from advisor.langs import LANGS

#: the environment variable naming the folder of the study record
DATA_DIR_ENV = "ADVISOR_DATA_DIR"


def add_data_dir(parser) -> None:
    """--data-dir, for the commands that read or write the study record (kept out of
    advisor.study.store so that building the parser does not import sqlite3)."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the study record (answers and the wrong-answer notebook) in DIR instead of the "
        f"platform's user data folder; or set {DATA_DIR_ENV}",
    )


def add_lang(parser) -> None:
    """--lang for the study commands: one language, by default the locale's."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="language: en (English) or ko (Korean); default: the locale's (LC_ALL, LC_MESSAGES or "
        "LANG starting with 'ko' means Korean), else English",
    )
