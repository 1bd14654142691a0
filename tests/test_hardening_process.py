"""Issue 14, files and processes: nothing overwritten (#3, #4, #8); in the real process, signals,
dead workers, full disks, closed streams and readers that go away end in one line, never a
traceback or a half-written file (#7, #9, #15, #17, #18).

Each test names the issue's case (#N) it keeps fixed; the other cases are in tests/test_hardening_*.py."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fuzzing import CASES

from advisor.cli import main
from advisor.env import Env


def _run(argv, stdin="", tty=False):
    r = run_cli(*argv, stdin=stdin, environ={"COLUMNS": "100"}, tty=tty)
    return r.status, r.stdout, r.stderr


# ----------------------------------------------------------------- #3, #4 nothing overwritten

@pytest.mark.parametrize("target", ["/dev/null", "fifo"])
def test_consult_save_refuses_a_device_or_a_pipe(tmp_path, target):
    """#3: saving renames a new file over the target; /dev/null or a FIFO must not be replaced."""
    from advisor.commands.consult import _check_save_path
    from advisor.errors import UsageError

    if target == "fifo":
        target = str(tmp_path / "fifo")
        os.mkfifo(target)
    with pytest.raises(UsageError, match="not a regular file"):
        _check_save_path(Path(target))
    assert not Path(target).is_file()


def test_output_may_not_replace_the_file_standard_input_comes_from(tmp_path):
    """#4: `advisor evaluate - --output F < F` would destroy F."""
    path = tmp_path / "a.json"
    path.write_text('{"static_content": true}\n', encoding="utf-8")
    for argv in (["evaluate", "-"], ["explain", "-"], ["how", "Amazon CloudFront", "--answers", "-"]):
        with open(path, encoding="utf-8") as stdin:
            err = io.StringIO()
            status = main([*argv, "--output", str(path)], env=Env(stdin=stdin, stdout=io.StringIO(), stderr=err))
        assert status == 2 and "standard input comes from" in err.getvalue(), (argv, err.getvalue())
        assert path.read_text(encoding="utf-8") == '{"static_content": true}\n'


def test_output_may_not_replace_a_knowledge_file(tmp_path):
    """#4: a file of a --kb directory is an input too."""
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    good = (ROOT / "tests" / "kb_good" / "kb.toml").read_text(encoding="utf-8")
    (kb_dir / "kb.toml").write_text(good, encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text('{"static_content": true}', encoding="utf-8")
    status, out, err = _run(["evaluate", str(answers), "--kb-only", "--kb", str(kb_dir), "--output", str(kb_dir / "kb.toml")])
    assert status == 2 and "is the input" in err
    assert (kb_dir / "kb.toml").read_text(encoding="utf-8") == good


# ----------------------------------------------------------------- #8 two consultations, one file

def test_a_save_file_changed_by_another_program_is_not_overwritten(kb, tmp_path):
    """#8: the first consultation must not say "saved" while the file holds the other's answers."""
    from advisor.consult.session import Consultation
    from advisor.env import make_console

    path = tmp_path / "answers.json"
    buffer = io.StringIO()
    session = Consultation(kb=kb, prompter=None, console=make_console(buffer, is_tty=False), save_path=path)
    session.answers["static_content"] = True
    session.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in saved.items() if k != "_consultation"} == {"static_content": True}
    other = '{\n  "static_content": false\n}\n'
    path.write_text(other, encoding="utf-8")  # another consultation saved meanwhile
    session.answers["global_users"] = True
    session.save()
    assert path.read_text(encoding="utf-8") == other
    assert session.save_path != path and session.save_path.parent == path.parent
    moved = json.loads(session.save_path.read_text(encoding="utf-8"))
    assert {k: v for k, v in moved.items() if k != "_consultation"} == {"static_content": True, "global_users": True}
    assert "changed by another program" in " ".join(buffer.getvalue().split())



# ----------------------------------------------------------------- the real process: #7, #9, #15, #17, #18

def _advisor(*argv, **kwargs):
    return subprocess.run([sys.executable, "-m", "advisor", *argv], cwd=ROOT, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    """A batch long enough to be interrupted in the middle (shared by the signal tests)."""
    path = tmp_path_factory.mktemp("batch") / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(400_000):  # cached answer sets are cheap: long enough that a signal lands mid-batch
            fh.write(json.dumps({"static_content": i % 2 == 0, "global_users": i % 3 == 0}) + "\n")
    return path


def _leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def _wait_for_workers(proc, count: int, timeout: float = 30.0) -> list[int]:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = [int(p) for p in children.read_text().split()] if children.exists() else []
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError("the workers did not start")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "SIGKILL to a worker"])
def test_a_signal_or_a_dead_worker_leaves_no_file_and_no_traceback(tmp_path, big_batch, how):
    """#7: the temporary file is removed on SIGTERM/SIGHUP, workers die quietly; #9: a killed
    worker stops the batch with one line and a non-zero exit instead of hanging."""
    CASES["signal or dead worker"] += 1
    import signal
    import time

    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "evaluate", str(big_batch), "--format", "jsonl", "--jobs", "2", "--output", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # a suite started under nohup passes SIGHUP down as ignored (and the advisor rightly keeps it so)
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
    )
    workers = _wait_for_workers(proc, 2)
    time.sleep(0.3)  # in the middle of the batch, not while the pool is being made
    if how == "SIGKILL to a worker":
        os.kill(workers[0], signal.SIGKILL)
    else:
        os.kill(proc.pid, getattr(signal, how))
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert "Traceback" not in err and err.count("\n") == 1, err
    if how == "SIGKILL to a worker":
        assert proc.returncode == 1 and "a worker process died (killed by SIGKILL)" in err
    else:
        assert proc.returncode == 128 + getattr(signal, how) and f"terminated ({how})" in err
    assert out.read_text(encoding="utf-8") == "old\n" and _leftovers(tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["evaluate", "EXAMPLE"], ["evaluate", "EXAMPLE", "--format", "json"],
                                  ["explain", "QUESTION"], ["kb", "export"], ["schema"]])
def test_a_full_disk_is_one_line(tmp_path, argv):
    """#15: stdout to /dev/full."""
    CASES["full disk"] += 1
    question = ROOT / "examples" / "exam-question.txt"
    argv = [str(ROOT / "examples" / "global-static-site.json") if a == "EXAMPLE" else str(question) if a == "QUESTION" else a for a in argv]
    with open("/dev/full", "w") as full:
        r = _advisor(*argv, stdout=full, stderr=subprocess.PIPE)
    err = r.stderr.decode()
    assert r.returncode == 1 and err.count("\n") == 1 and "No space left on device" in err, err


def test_a_full_disk_under_output_keeps_the_old_file(tmp_path, monkeypatch):
    """#15: a write that fails (ENOSPC) in the middle of --output leaves the old file and no temporary."""
    CASES["full disk"] += 1
    import errno

    from advisor import atomic as answers

    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    real = answers.AtomicFile.__init__

    def full_disk(self, path):
        real(self, path)

        raw = self.file

        class Writer:
            def write(self, text):
                raise OSError(errno.ENOSPC, "No space left on device")

            def __getattr__(self, name):
                return getattr(raw, name)

        self.file = Writer()

    monkeypatch.setattr(answers.AtomicFile, "__init__", full_disk)
    example = str(ROOT / "examples" / "global-static-site.json")
    question = str(ROOT / "examples" / "exam-question.txt")
    for argv in (["evaluate", example], ["explain", question], ["how", "Amazon CloudFront", "--answers", example]):
        status, stdout, err = _run([*argv, "--output", str(out)])
        assert status == 1 and "No space left on device" in err and err.count("\n") == 1, (argv, err)
        assert out.read_text(encoding="utf-8") == "old\n" and _leftovers(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("case", ["stdout closed", "stdin closed (evaluate)", "stdin closed (explain)", "seed not UTF-8",
                                  "stderr closed"])
def test_closed_streams_and_odd_arguments_are_one_line(tmp_path, case):
    """#17: `evaluate in.json >&-`, `evaluate - <&-`, `explain - <&-`, `quiz --seed $'\\xff'`."""
    CASES["closed stream or odd argument"] += 1
    example = str(ROOT / "examples" / "global-static-site.json")
    argv, kwargs, code = {
        "stdout closed": (["evaluate", example], {"close": 1}, 1),
        "stdin closed (evaluate)": (["evaluate", "-"], {"close": 0}, 1),
        "stdin closed (explain)": (["explain", "-"], {"close": 0}, 1),
        "seed not UTF-8": (["quiz", "--seed", os.fsdecode(b"\xff")], {}, 2),
        "stderr closed": (["evaluate", str(tmp_path / "missing.json")], {"close": 2}, 1),
    }[case]
    close = kwargs.get("close")
    script = f"import os, sys, runpy; os.close({close})\n" if close is not None else "import sys, runpy\n"
    script += "sys.argv = ['advisor'] + sys.argv[1:]; runpy.run_module('advisor', run_name='__main__')"
    r = subprocess.run([sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, timeout=120)
    err = r.stderr.decode()
    assert r.returncode == code, (r.returncode, err)
    assert "Traceback" not in err
    if close != 2:
        assert err.count("\n") == 1, err


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["evaluate", "BATCH", "--format", fmt] for fmt in ("text", "json", "jsonl", "markdown")]
                         + [["kb", "export"], ["explain", "EXAM"], ["how", "Amazon CloudFront", "--answers", "EXAMPLE"]])
def test_a_reader_that_goes_away_is_not_an_error(tmp_path, argv):
    """#18: broken pipe exits 0 quietly for every format and command, as git does."""
    CASES["reader gone (broken pipe)"] += 1
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"static_content": i % 2 == 0}) + "\n" for i in range(3000)), encoding="utf-8")
    named = {"BATCH": str(batch), "EXAM": str(ROOT / "examples" / "exam-question.txt"),
             "EXAMPLE": str(ROOT / "examples" / "global-static-site.json")}
    argv = [named.get(a, a) for a in argv]
    proc = subprocess.Popen([sys.executable, "-m", "advisor", *argv], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(100)
    proc.stdout.close()  # the reader goes away, like `| head -c 100`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""


def test_an_unwritable_output_directory_is_the_same_usage_error_everywhere(tmp_path):
    """#18: it exited 2 in evaluate and 1 in explain."""
    example = str(ROOT / "examples" / "global-static-site.json")
    for argv in (["evaluate", example], ["explain", example], ["how", "Amazon CloudFront", "--answers", example],
                 ["diff", example, example]):
        status, out, err = _run([*argv, "--output", "/proc/version"])
        assert status == 2, (argv, err)
        status, out, err = _run([*argv, "--output", "/proc/no-such-dir-here"])
        assert status == 2, (argv, err)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_terminating_signals_arrive_as_an_interruption(signame):
    """#7, #8: once installed (the real CLI does it), SIGTERM and SIGHUP raise Terminated, a
    KeyboardInterrupt: every path that saves or cleans up on Ctrl-C does it on them too."""
    import signal

    from advisor import signals

    signum = getattr(signal, signame)
    saved = signal.getsignal(signum)
    signal.signal(signum, signal.SIG_DFL)
    try:
        signals.install()
        with pytest.raises(KeyboardInterrupt) as caught:
            os.kill(os.getpid(), signum)
            for _ in range(100):  # the handler runs between bytecodes
                pass
        assert isinstance(caught.value, signals.Terminated) and caught.value.status == 128 + signum
    finally:
        signal.signal(signum, saved)
