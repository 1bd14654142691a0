"""The study record: every quiz answer and the wrong-answer notebook (오답노트), in one SQLite file.

Where: ``study.sqlite3`` in the folder given by ``--data-dir``, else by the ``ADVISOR_DATA_DIR``
environment variable, else the platform's user data folder (platformdirs: e.g.
``~/.local/share/arch-advisor`` on Linux).

Safety:

* Each answer is written in its own transaction (the answer, and the notebook entry it changes),
  committed before the feedback is shown: an interrupted quiz loses at most the answer being given.
* The file is checked before anything is written: a file that is not a SQLite database, or a
  database that is not a study record (or a newer one than this advisor knows), is refused with a
  one-line error and left exactly as it was. A store that another program keeps locked past
  :data:`TIMEOUT` seconds is refused the same way.
* Two quizzes may run at once: each transaction is short and waits for the other's (busy timeout).
* Commands that only read (``advisor progress``, ``advisor quiz --notebook``) never create the file.

The notebook keeps every question ever missed until the learner removes it (:meth:`Store.forget`,
:meth:`Store.clear`); nothing removes one automatically. Its order is a Leitner system: a miss puts
the question in box 1, a right answer moves it one box up (to :data:`TOP_BOX` at most); review goes
through the lowest box first, and within a box the most recent miss first, then the most missed.
"Recent" is the order answers were recorded in, never the clock, so the order is deterministic.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from advisor.errors import AdvisorError, UsageError
from advisor.study import DATA_DIR_ENV as ENV

APP = "arch-advisor"
FILE = "study.sqlite3"
SCHEMA = 1
TOP_BOX = 5
#: seconds to wait for another program's transaction before giving up
TIMEOUT = 5.0

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    mode TEXT NOT NULL,
    lang TEXT NOT NULL,
    planned INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS answer (
    id INTEGER PRIMARY KEY,
    session INTEGER NOT NULL REFERENCES session(id),
    exam TEXT NOT NULL,
    topic TEXT NOT NULL,
    lang TEXT NOT NULL,
    given TEXT NOT NULL,
    correct INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answer_by_exam ON answer (exam, id);
CREATE TABLE IF NOT EXISTS notebook (
    exam TEXT PRIMARY KEY,
    topic TEXT NOT NULL,
    lang TEXT NOT NULL,
    box INTEGER NOT NULL,
    misses INTEGER NOT NULL,
    last_missed INTEGER NOT NULL,
    added TEXT NOT NULL
);
"""
_TABLES = {"meta", "session", "answer", "notebook"}


class StoreError(AdvisorError):
    """The study record cannot be used: one line naming the file and what is wrong (exit 1)."""


@dataclass(frozen=True)
class Entry:
    """A question in the wrong-answer notebook."""

    exam: str
    topic: str
    lang: str
    box: int
    misses: int
    last_missed: int


@dataclass(frozen=True)
class Last:
    """The latest answer to one question."""

    exam: str
    topic: str
    lang: str
    correct: bool
    tries: int


def data_dir(given: str | None, environ: dict) -> tuple[Path, str]:
    """The folder of the study record and what chose it (for messages)."""
    if given is not None:
        if not given.strip():
            raise UsageError("--data-dir: give a folder name")
        return Path(given), f"--data-dir {given}"
    raw = (environ.get(ENV) or "").strip()
    if raw:
        return Path(raw), f"{ENV}={raw}"
    path = platform_dir()
    return path, str(path)


def platform_dir() -> Path:
    """The platform's user data folder for the advisor (e.g. ~/.local/share/arch-advisor)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """An open study record. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path):
        self.conn = conn
        self.path = path

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # ------------------------------------------------------------------------------ writing

    def _write(self, work):
        """Run ``work(conn)`` in one immediate transaction: all of it is kept, or none."""
        if self.conn is None:  # pragma: no cover - read-only stores are never written
            raise StoreError(f"{self.path}: the study record is open read-only")
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from None
        return result

    def start_session(self, mode: str, lang: str, planned: int) -> int:
        return self._write(lambda c: c.execute(
            "INSERT INTO session (started, mode, lang, planned) VALUES (?, ?, ?, ?)", (_now(), mode, lang, planned)
        ).lastrowid)

    def record(self, session: int, exam: str, topic: str, lang: str, given: tuple[str, ...], correct: bool) -> None:
        """Keep one answer, and move its question in the notebook: a miss adds it (or puts it back
        in box 1), a right answer moves it one box up. Nothing ever leaves the notebook here."""

        def work(c):
            aid = c.execute(
                "INSERT INTO answer (session, exam, topic, lang, given, correct, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session, exam, topic, lang, "".join(given), int(correct), _now()),
            ).lastrowid
            if correct:
                c.execute("UPDATE notebook SET box = MIN(box + 1, ?) WHERE exam = ?", (TOP_BOX, exam))
            else:
                c.execute(
                    "INSERT INTO notebook (exam, topic, lang, box, misses, last_missed, added) VALUES (?, ?, ?, 1, 1, ?, ?) "
                    "ON CONFLICT (exam) DO UPDATE SET box = 1, misses = misses + 1, last_missed = excluded.last_missed",
                    (exam, topic, lang, aid, _now()),
                )

        self._write(work)

    def forget(self, exam: str) -> bool:
        """Take one question out of the notebook; False when it was not there."""
        if self.conn is None:  # no record yet
            return False
        return self._write(lambda c: c.execute("DELETE FROM notebook WHERE exam = ?", (exam,)).rowcount) > 0

    def clear(self) -> int:
        """Empty the notebook (the answers stay); how many questions it held."""
        if self.conn is None:  # no record yet
            return 0
        return self._write(lambda c: c.execute("DELETE FROM notebook").rowcount)

    # ------------------------------------------------------------------------------ reading

    def _read(self, sql: str, params: tuple = ()) -> list:
        if self.conn is None:
            return []
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from None

    def notebook(self) -> list[Entry]:
        """The notebook in review order: lowest box, then the most recent miss, then the most missed."""
        rows = self._read(
            "SELECT exam, topic, lang, box, misses, last_missed FROM notebook "
            "ORDER BY box ASC, last_missed DESC, misses DESC, exam ASC"
        )
        return [Entry(*row) for row in rows]

    def last_answers(self) -> dict[str, Last]:
        """For every question ever answered: the latest answer, and how many times it was answered."""
        rows = self._read(
            "SELECT a.exam, a.topic, a.lang, a.correct, t.tries FROM answer a "
            "JOIN (SELECT exam, MAX(id) AS last, COUNT(*) AS tries FROM answer GROUP BY exam) t "
            "ON a.id = t.last ORDER BY a.exam"
        )
        return {row[0]: Last(row[0], row[1], row[2], bool(row[3]), row[4]) for row in rows}

    def answers(self, session: int | None = None) -> list[tuple]:
        """(session, exam, given, correct) of every answer, in the order they were given."""
        where, params = ("WHERE session = ?", (session,)) if session is not None else ("", ())
        return self._read(f"SELECT session, exam, given, correct FROM answer {where} ORDER BY id", params)


# ---------------------------------------------------------------------------------- opening

def open_store(directory: Path, named: str, *, write: bool, create: bool = True) -> Store:
    """The study record in ``directory``. With ``write`` the folder and the file are made when
    missing (unless not ``create``); without, a missing record is an empty one and nothing is created.

    ``named`` says where the folder came from (``--data-dir X``, ``ADVISOR_DATA_DIR=X``, or the
    path), for the error of a folder that cannot be used (a usage error, exit 2)."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{named}: is a file, not a folder")
    path = directory / FILE
    if (not write or not create) and not path.exists():
        return Store(None, path)
    if write:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{named}: cannot make the folder: {exc.strerror or exc}") from None
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: is not a file; the study record must be a file")
    try:
        if write:
            conn = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", timeout=TIMEOUT, isolation_level=None, uri=True)
    except sqlite3.Error as exc:
        raise _failure(path, exc) from None
    store = Store(conn, path)
    try:
        _check_or_create(conn, path, write)
    except BaseException:
        store.close()
        raise
    return store


def _check_or_create(conn: sqlite3.Connection, path: Path, write: bool) -> None:
    """Refuse a file that is not a study record we can read, before writing anything; make the
    tables of a new (empty) one."""
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables:
            _check(conn, path, tables)
            return
        if not write:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables:  # another quiz made it meanwhile
                _check(conn, path, tables)
            else:
                for statement in _DDL.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [("app", APP), ("schema", str(SCHEMA))])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise _failure(path, exc) from None


def _check(conn: sqlite3.Connection, path: Path, tables: set[str]) -> None:
    if "meta" not in tables:
        raise StoreError(f"{path}: is a SQLite database but not an arch-advisor study record; move it away or give another --data-dir")
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("app") != APP:
        raise StoreError(f"{path}: is a SQLite database but not an arch-advisor study record; move it away or give another --data-dir")
    try:
        version = int(meta.get("schema", ""))
    except ValueError:
        version = -1
    if version > SCHEMA:
        raise StoreError(f"{path}: was written by a newer arch-advisor (record version {version}); update the advisor to use it")
    if version != SCHEMA or not _TABLES <= tables:
        raise StoreError(f"{path}: the study record is damaged (version {meta.get('schema')!r}, tables {', '.join(sorted(tables))})")


def _failure(path: Path, exc: sqlite3.Error) -> StoreError:
    message = str(exc) or type(exc).__name__
    low = message.lower()
    if "locked" in low or "busy" in low:
        return StoreError(f"{path}: the study record is locked by another program ({message}); try again when it is done")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreError(f"{path}: is not a study record the advisor can read ({message}); "
                          "move it away to start a new one, or give another --data-dir")
    if "readonly" in low or "read-only" in low or "unable to open" in low or "disk" in low:
        return StoreError(f"{path}: cannot use the study record ({message})")
    return StoreError(f"{path}: the study record failed ({message})")


def open_for(args, env, *, write: bool, create: bool = True) -> Store:
    """The study record a command works on (its --data-dir, ADVISOR_DATA_DIR, or the platform's folder)."""
    directory, named = data_dir(getattr(args, "data_dir", None), getattr(env, "environ", None) or {})
    return open_store(directory, named, write=write, create=create)
