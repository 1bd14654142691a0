"""Shared fixtures: the built-in knowledge base, its engine, and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Bytecode: where PYTHONDONTWRITEBYTECODE is set (this workplace's shell and CI image set it),
# every process the suite starts (the pytest-xdist workers and the hundreds of advisor processes
# the end-to-end tests run) compiled every module it imports from source, ~0.1 s of CPU per
# advisor process and ~1 s per worker. The suite lets them write and reuse the usual
# __pycache__ folders (git ignores them); the workers and subprocesses inherit the environment.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
    sys.dont_write_bytecode = False  # before the imports below, so that they are kept too

# The tests keep their knowledge cache (advisor/kb/cache.py) to themselves, never the user's;
# a subprocess started by a test inherits this too.
if "ADVISOR_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["ADVISOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="advisor-test-cache-")

from advisor import kb as kbmod
from advisor.cli import main
from advisor.engine import engine_for
from advisor.env import Env

#: for a test that starts the advisor with an environment of its own making: the test cache
#: folder, so that the process neither writes the user's cache (without HOME, platformdirs
#: falls back to the real home) nor loads the knowledge from scratch
PRIVATE = {"ADVISOR_CACHE_DIR": os.environ["ADVISOR_CACHE_DIR"]}

# Property tests are reproducible by default: the same cases on every run and machine. Set
# ADVISOR_FUZZ=explore for fresh random cases (and, in the fuzz tests, ten times as many).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("explore" if os.environ.get("ADVISOR_FUZZ") == "explore" else "ci")


#: fuzz cases counted by the pytest-xdist workers, added up in the main process
_WORKER_CASES: Counter = Counter()
#: CPU seconds (user + system, with the processes each started) of every pytest-xdist worker, by id
_WORKER_CPU: dict[str, float] = {}
#: when each worker ended, in seconds since this session started (time.time(): one machine, one clock)
_WORKER_END: dict[str, float] = {}
_STARTED: list[float] = []


def _cpu_seconds() -> float:
    """User + system CPU of this process and of the child processes it has waited for."""
    import resource

    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _fuzz_cases() -> Counter:
    return Counter(getattr(sys.modules.get("fuzzing"), "CASES", None) or {})


#: the cache entry of the built-in knowledge, written before the tests start
_PINNED: list[Path] = []


def pytest_configure(config):
    """The main process loads the built-in knowledge into the session's cache folder before any
    worker starts: each pytest-xdist worker loads it while it collects, and both at once would
    each parse it from the TOML (seconds of CPU). The entries are then kept fresh (see
    pytest_runtest_teardown)."""
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", default=None):
        kbmod.builtin()


def pytest_sessionstart(session):
    _STARTED.append(time.time())
    if not hasattr(session.config, "workerinput"):
        kbmod.builtin()  # loaded once per process; without pytest-xdist, here, so that the entry is there to keep
    folder = os.environ.get("ADVISOR_CACHE_DIR")
    if folder and Path(folder).name.startswith("advisor-test-cache-"):
        _PINNED.extend(sorted(Path(folder).glob("kb-*.pickle")))


def pytest_runtest_teardown(item):
    """Keep the built-in knowledge's entries the newest in the cache folder. It holds the 8 newest
    entries (advisor/kb/cache.py), and a process a test starts that writes one (a base of its
    own) prunes the rest: without this the built-in entries, written first, were soon gone and
    every process after that parsed the built-in TOML again."""
    for entry in _PINNED:
        try:
            os.utime(entry)
        except OSError:
            pass


# longest test files first (tests/fileorder.py): hooks pytest finds here
from fileorder import pytest_addoption, pytest_collection_modifyitems, pytest_runtest_logreport  # noqa: E402,F401


def pytest_sessionfinish(session):
    """In a pytest-xdist worker: hand this worker's fuzz tally to the main process. In the main
    process with --record-file-seconds: write the seconds each file took."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz_cases"] = dict(_fuzz_cases())
        session.config.workeroutput["cpu_seconds"] = _cpu_seconds()
        session.config.workeroutput["ended"] = time.time()
    elif session.config.getoption("record_file_seconds"):
        import fileorder

        fileorder.record()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process: add up a finished worker's fuzz tally (pytest-xdist calls this)."""
    output = getattr(node, "workeroutput", {})
    _WORKER_CASES.update(output.get("fuzz_cases", {}))
    worker = getattr(node, "workerinput", {}).get("workerid", f"worker {len(_WORKER_CPU) + 1}")
    if "cpu_seconds" in output:
        _WORKER_CPU[worker] = output["cpu_seconds"]
    if "ended" in output and _STARTED:
        _WORKER_END[worker] = output["ended"] - _STARTED[0]


def pytest_terminal_summary(terminalreporter):
    """How many cases the fuzz tests generated, by input class (tests/fuzzing.py counts them)."""
    cases = _fuzz_cases() + _WORKER_CASES
    if cases:
        detail = ", ".join(f"{label}: {n}" for label, n in sorted(cases.items()))
        terminalreporter.write_line(f"fuzz: {sum(cases.values())} generated cases ({detail})")
    if _WORKER_CPU:  # how evenly pytest-xdist shared the work out (CPU time: the machine may be busy)
        detail = ", ".join(f"{worker} {seconds:.0f} s" for worker, seconds in sorted(_WORKER_CPU.items()))
        if _WORKER_END:
            detail += "; ended after " + ", ".join(f"{worker} {seconds:.0f} s" for worker, seconds in sorted(_WORKER_END.items()))
        terminalreporter.write_line(f"CPU per worker (user + system, with its subprocesses): {detail}")


ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_1071a2d7a4985aca.txt"


@pytest.fixture(scope="session")
def kb():
    return kbmod.builtin()


#: knowledge bases the tests share without changing them (besides the built-in one): see share_base
SHARED: dict[int, object] = {}


def share_base(base):
    """Mark ``base`` as shared and never changed, so that its load-time check is computed once."""
    SHARED[id(base)] = base
    return base


@pytest.fixture(scope="session", autouse=True)
def builtin_checked_once():
    """The load-time gate (advisor.commands.common.guard) runs advisor.kb.lint.check over the whole
    base on every command: once per process for a user, but thousands of times in this one process,
    where it was nine tenths of an in-process command. The built-in base is one object loaded once
    per session and never changed (and so are the bases given to share_base), so their findings are
    computed once and handed out again (a copy, for the gate to sort). Any other base (--kb
    directories, a copied built-in folder, the broken mini-bases) is checked every time, and tests
    that import ``check`` directly call the real one."""
    from advisor.kb import lint as kbcheck
    from advisor.kb import loader

    real = kbcheck.check
    memo: dict[int, tuple[object, list]] = {}

    def check(base):
        if base is not loader._BUILTIN and SHARED.get(id(base)) is not base:
            return real(base)
        entry = memo.get(id(base))
        if entry is None or entry[0] is not base:
            entry = memo[id(base)] = (base, real(base))
        return list(entry[1])

    kbcheck.check = check
    yield
    kbcheck.check = real


@pytest.fixture(scope="session", autouse=True)
def patterns_compiled_once():
    """Loading a base compiles and vets each of its ~10,000 patterns (advisor/kb/exam.py): most of
    a load, and the suite loads the built-in knowledge, whole or with a few files added, over a
    hundred times (a fresh folder of its own, a --kb base beside it, a broken copy). re keeps
    only the last 512 patterns it compiled, so every load compiled them all again. Both steps
    depend on the pattern's text alone: here each text is compiled and vetted once per session
    and the result handed out again (the same compiled object re's own cache would give). A
    pattern that fails to compile is never kept: it raises, with its message, every time."""
    import functools

    from advisor.kb import exam, pattern

    # lru_cache keeps results only: a pattern that raises is tried (and raises) again each time
    compile_pattern = functools.lru_cache(maxsize=None)(pattern.compile_pattern)
    catastrophic = functools.lru_cache(maxsize=None)(exam.catastrophic)

    patch = pytest.MonkeyPatch()
    patch.setattr(pattern, "compile_pattern", compile_pattern)
    patch.setattr(exam, "compile_pattern", compile_pattern)
    patch.setattr(exam, "catastrophic", catastrophic)
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def cache_keeps_every_entry():
    """The knowledge cache keeps its 8 newest entries (advisor/kb/cache.py), and this session's
    tests write hundreds (generated and team bases): loads in the test processes keep every
    entry, so that a base the tests load again and again is parsed once (the session's folder is
    temporary). A test of the pruning sets KEEP itself."""
    from advisor.kb import cache

    patch = pytest.MonkeyPatch()
    patch.setattr(cache, "KEEP", 1_000_000)
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def default_key_bindings_built_once():
    """Every prompt_toolkit Application builds prompt_toolkit's default key bindings anew (emacs,
    vi, mouse: some 1,500 bindings), two fifths of a driven consultation, and the suite shows a
    few thousand prompts. The bindings depend on no application (their filters and handlers
    look the running one up when a key arrives; our own keys are merged on top of them, per
    prompt, by advisor/consult/prompter.py), so the one set is built once and shared, as an
    application that shares a KeyBindings object does."""
    from prompt_toolkit.application import application

    real = application.load_key_bindings
    built: list = []

    def load_key_bindings():
        if not built:
            built.append(real())
        return built[0]

    patch = pytest.MonkeyPatch()
    patch.setattr(application, "load_key_bindings", load_key_bindings)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def bank_outcomes(kb):
    """explain on every question of the built-in bank (advisor.explain.measure.outcomes): several
    seconds, and the floors (test_explain_bank) and the misleading-verdict check
    (test_explain_verdicts) read the same list, so it is computed once per session."""
    from advisor.explain.measure import outcomes

    return tuple(outcomes(kb))


@pytest.fixture(scope="session")
def engine(kb):
    return engine_for(kb)


@dataclass
class Result:
    status: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class _Stdin(io.StringIO):
    def __init__(self, text: str):
        super().__init__(text)
        self.buffer = io.BytesIO(text.encode("utf-8", "surrogatepass"))


class Terminal(io.StringIO):
    """An output stream that says it is a terminal (rich then colours, unless NO_COLOR)."""

    def isatty(self) -> bool:
        return True


def run_cli(*argv: str, stdin: str = "", environ: dict | None = None, tty: bool = False) -> Result:
    """Run ``advisor ARGV`` in this process; with ``tty``, standard output is a terminal."""
    out, err = Terminal() if tty else io.StringIO(), io.StringIO()
    env = Env(stdin=_Stdin(stdin), stdout=out, stderr=err, environ=dict(environ or {}))
    try:
        status = main(list(argv), env=env)
    except SystemExit as exc:  # argparse usage errors and --help/--version
        status = exc.code if isinstance(exc.code, int) else 2
    return Result(status, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(monkeypatch):
    """Run the CLI in-process. stdin is patched too for commands that read '-'."""

    def runner(*argv: str, stdin: str = "", environ: dict | None = None) -> Result:
        import sys

        fake = _Stdin(stdin)
        monkeypatch.setattr(sys, "stdin", fake)
        return run_cli(*argv, stdin=stdin, environ=environ)

    return runner


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path and return its path as a string."""

    def writer(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return writer


@pytest.fixture(autouse=True)
def study_home(tmp_path_factory, monkeypatch):
    """No test touches the user's real study record: the platform's data folder is a fresh
    temporary folder per test, made only when a command asks for it."""
    from advisor.study import store

    made: list[Path] = []

    def platform_dir() -> Path:
        if not made:
            made.append(tmp_path_factory.mktemp("study-home"))
        return made[0]

    monkeypatch.setattr(store, "platform_dir", platform_dir)
    return platform_dir


@pytest.fixture
def quiz(cli, tmp_path):
    """Run `advisor quiz` (scripted) on a study record in tmp_path/record."""
    data = str(tmp_path / "record")

    def run(*argv, environ=None):
        return cli("quiz", "--data-dir", data, *argv, environ=environ)

    run.dir = Path(data)
    return run


def scripted(items, wrong=()):
    """Answers for ``items``: right, except those at the indices in ``wrong``."""
    out = []
    for i, exam in enumerate(items):
        if i in wrong:
            letters = [k for k, _ in exam.options if k not in exam.answer][: exam.choose]
            out.append("".join(sorted(letters)))
        else:
            out.append("".join(exam.answer))
    return ",".join(out)
