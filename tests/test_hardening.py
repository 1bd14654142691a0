"""Regression tests for the adversarial round of issue 14: outside text never reaches the
terminal raw nor as markup, nothing is lost, nothing hangs, nothing ends in a traceback.

Each test names the issue's case (#N) it keeps fixed."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fuzzing import CASES

from advisor.cli import main
from advisor.env import Env
from advisor.safetext import UNSAFE, display_name, json_safe, safe, safe_line

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = "\x1b[2J\x1b]52;c;aGVsbG8=\x1b\\ \x1b[8m hidden \x9b31m \u202egnp.exe \u2066x\u2069 \u2028 \x85 \x07\x08\r"
QUESTION = (
    "A site serves {x} static content to users around the world [link=file:///etc/passwd]here[/link] [/oops]. "
    "Which service should deliver it with low latency?\n"
    "A. Amazon CloudFront {x}\nB. Amazon EC2 [/oops]\nC. AWS Snowball\nD. Amazon S3 Glacier\n"
)


SGR = re.compile(r"\x1b\[[0-9;]*m")


def _raw_controls(text: str) -> list[str]:
    """Characters a terminal would act on (newline and tab lay text out and are fine)."""
    return [ch for ch in text if UNSAFE.match(ch)]


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(argv, stdin="", tty=False):
    out = _TTY() if tty else io.StringIO()
    err = io.StringIO()
    stdin_stream = io.StringIO(stdin)
    stdin_stream.buffer = io.BytesIO(stdin.encode("utf-8", "surrogatepass"))
    status = main(list(argv), env=Env(stdin=stdin_stream, stdout=out, stderr=err, environ={"COLUMNS": "100"}))
    return status, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------- #1 terminal escapes, #2 markup

def test_safe_escapes_what_a_terminal_acts_on_and_keeps_the_rest():
    assert safe("한국어 text\n\tok") == "한국어 text\n\tok"
    assert safe("\x1b[2J") == "\\x1b[2J"
    assert safe("a\u202eb\x9bc\u2028d\x85") == "a\\u202eb\\x9bc\\u2028d\\x85"
    assert safe_line("a\nb") == "a\\nb"
    assert display_name("bad\udc80name") == "bad\\x80name"
    assert json.loads(json_safe(json.dumps("x\x9b\u202e\u2028", ensure_ascii=False))) == "x\x9b\u202e\u2028"


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_shows_escapes_and_markup_literally(tmp_path, tty, fmt):
    """#1, #2: question and option text, and the file name in the title."""
    path = tmp_path / "q\x1b[2J.txt"
    path.write_text(QUESTION.format(x=ESCAPES), encoding="utf-8")
    status, out, err = _run(["explain", str(path), "--format", fmt], tty=tty)
    assert status == 0, err
    if tty:  # rich's own styles are there, the question's escapes are not
        out = SGR.sub("", out)  # the report's styles (ESC [ ... m)
        assert "\x1b" not in out
    assert not _raw_controls(out), _raw_controls(out)
    if fmt == "text":
        out = " ".join(out.split())  # a terminal report is wrapped to its width
        assert "\\x1b]52;c;aGVsbG8=" in out and "\\u202egnp.exe" in out
        assert "[link=file:///etc/passwd]here[/link]" in out and "[/oops]" in out
    else:
        doc = json.loads(out)
        assert "\x1b]52" in doc["question"]["text"] if isinstance(doc.get("question"), dict) else True


def test_error_messages_escape_what_they_quote(tmp_path):
    """#1: a file name with ESC in an error message."""
    status, out, err = _run(["explain", str(tmp_path / "no\x1b[2Jsuch\u202e.txt")])
    assert status == 1
    assert not _raw_controls(err) and "\\x1b[2J" in err and "\\u202e" in err


def test_a_custom_knowledge_base_cannot_reach_the_terminal(tmp_path):
    """#1: note text, section, rule title and help of a --kb directory; kb check flags them."""
    broken = ROOT / "tests" / "kb_broken" / "control-character"
    status, out, err = _run(["kb", "check", "--kb-only", "--kb", str(broken)])
    assert status == 1 and out.count(": control-character: ") == 3
    assert not _raw_controls(out + err)
    # the same text used anyway (the lint is an error, so only `kb check` shows it) is escaped by `how`
    from advisor import kb as kbmod
    from advisor.engine import engine_for
    from advisor.env import make_console
    from advisor.present.reasoning_text import how_tree
    from advisor.present.words import Words
    from advisor.reasoning.how import how

    base = kbmod.load([broken], builtin=False)
    node = how(base, engine_for(base).evaluate({"static_content": True}), "use-cdn")
    buffer = io.StringIO()
    for tty in (False, True):
        make_console(buffer, is_tty=tty).print(how_tree(base, node, Words("en"), notes="full"))
    printed = SGR.sub("", buffer.getvalue())
    assert "\\u202eevil" in printed and "\x1b]" not in printed and "\u202e" not in printed


@pytest.mark.parametrize("text", ["Evil [/oops] Service", "[link=file:///etc/passwd]x[/link]", "[bold]"])
def test_markup_in_any_printed_text_is_literal(text):
    """#2: console.print(str) of outside text neither raises MarkupError nor makes a link."""
    from advisor.env import make_console

    for tty in (False, True):
        buffer = io.StringIO()
        make_console(buffer, is_tty=tty).print(f"  A. {text}")
        shown = buffer.getvalue()
        assert text in shown and "\x1b]8;" not in shown  # OSC 8 is a hyperlink


# ----------------------------------------------------------------- #16 names that are not UTF-8

@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path, fmt):
    name = os.fsdecode(b"bad\x80name.json")
    (tmp_path / name).write_text('{"static_content": true}', encoding="utf-8")
    out_file = tmp_path / "o.txt"
    status, out, err = _run(["evaluate", str(tmp_path / name), "--format", fmt, "--output", str(out_file)])
    assert status == 0, err
    data = out_file.read_bytes()
    text = data.decode("utf-8")  # valid UTF-8
    if fmt == "json":
        assert json.loads(text)["source"].endswith("bad\\x80name.json")
    else:
        assert "bad\\x80name.json" in text


# ----------------------------------------------------------------- #5, #6, #10, #18: reading records

def _evaluate_jsonl(tmp_path, lines: list[str], *extra: str):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _run(["evaluate", str(path), "--format", "jsonl", *extra])


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\r"])
def test_a_line_separator_inside_a_string_does_not_split_a_record(tmp_path, separator):
    """#5: records and line numbers after it are the same as without it."""
    good = '{"static_content": true}'
    odd = '{"static_content": true, "x' + separator + '": 1}'
    status, out, err = _evaluate_jsonl(tmp_path, [good, odd, good])
    results = [json.loads(line) for line in out.splitlines()]
    assert [(r["index"], r["line"]) for r in results] == [(0, 1), (1, 2), (2, 3)], err
    assert ("unknown trait" if separator > "\x7f" else "control character") in results[1]["error"] and status == 1


@pytest.mark.parametrize("jobs", ["1", "2", "auto"])
def test_a_line_too_long_is_that_records_error_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    """#6: the same output for any --jobs; the JSON document on stdout is complete."""
    from advisor.answers import stream as records

    monkeypatch.setattr(records, "MAX_LINE", 4096)
    lines = ['{"static_content": true}'] * 300
    lines[120] = '{"static_content": true, "pad": "' + "x" * 10000 + '"}'
    status, out, err = _evaluate_jsonl(tmp_path, lines, "--jobs", jobs)
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 300 and status == 1
    assert results[120] == {"index": 120, "line": 121, "error": "the line is longer than 4,096 bytes"}
    assert "record 121 (line 121)" in err and err.count("\n") == 1
    path = tmp_path / "in.jsonl"
    status, doc, err = _run(["evaluate", str(path), "--format", "json", "--jobs", jobs])
    assert len(json.loads(doc)["results"]) == 300


def test_a_minified_json_array_may_be_longer_than_a_line(tmp_path, monkeypatch):
    """#18: the line limit is not applied to one JSON document (which has its own, larger limit)."""
    from advisor.answers import stream as records

    monkeypatch.setattr(records, "MAX_LINE", 1000)
    path = tmp_path / "one-line.json"
    path.write_text(json.dumps([{"static_content": True}] * 500), encoding="utf-8")
    status, out, err = _run(["evaluate", str(path), "--format", "jsonl"])
    assert status == 0, err
    assert len(out.splitlines()) == 500
    monkeypatch.setattr(records, "MAX_DOCUMENT", 5000)
    status, out, err = _run(["evaluate", str(path), "--format", "jsonl"])
    assert status == 1 and "too large for one JSON document" in err


def _cpu(fn) -> float:
    import time

    start = time.process_time()
    fn()
    return time.process_time() - start


def _grows_linearly(run, small: int, factor: int = 4) -> None:
    """The CPU time of ``run(small * factor)`` is not more than twice ``factor`` times that of
    ``run(small)`` (a linear reading gives ``factor``, a quadratic one ``factor`` squared): the shape
    of the growth, not a number of seconds, so a slow or busy machine passes as well as a fast one."""
    run(small)  # warm caches and lazy imports
    base = min(_cpu(lambda: run(small)) for _ in range(3))
    big = min(_cpu(lambda: run(small * factor)) for _ in range(2))
    assert big <= 2 * factor * base + 0.05, (base, big)


def test_json_array_line_numbers_are_found_in_linear_time():
    """#10: 50,000 elements (the quadratic version took 93 s); compared with a direct count, and the
    time grows with the length, not its square."""
    from advisor.answers.read import element_lines as _element_lines

    def run(n):
        text = json.dumps([{"static_content": True, "global_users": False}] * n, indent=2)
        assert _element_lines(text, n) == [2 + 4 * i for i in range(n)]  # each element is 4 lines long

    run(50_000)
    _grows_linearly(run, 12_500)


@pytest.mark.parametrize("text", ["1 GB " * 2000, "1 GB. " * 3330, "an object of 2 TB and 16 GB of memory, " * 500])
def test_reading_quantities_is_linear_and_the_length_limit_bounds_time(kb, text):
    """#11: '1 GB ' * 2000 took 14.5 s; any text within the 20,000-character limit is read in a
    time that grows with its length (the number cues' words are found once per sentence, not once
    per quantity)."""
    from advisor.explain import explain
    from advisor.explain.parse import MAX_CHARS, parse

    assert len(text) <= MAX_CHARS
    explain(kb, parse("q.txt", text))  # the whole text within the limit is read
    quarter = text[: len(text) // 4]
    _grows_linearly(lambda n: explain(kb, parse("q.txt", quarter * (n // len(quarter)))), len(quarter))


# ----------------------------------------------------------------- #13 --jobs is capped

@pytest.mark.parametrize("jobs", ["999999", "64", "auto"])
def test_jobs_are_capped_at_cores_and_records(tmp_path, monkeypatch, jobs):
    """#13: a large --jobs is accepted but never starts more workers than cores or chunks of records."""
    from advisor import batch

    started = []
    real = batch._parallel

    def spy(records, renderer, n, chunk):
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool

        def counting(context, processes=None, *args, **kwargs):
            started.append(processes)
            return pool(processes, *args, **kwargs)

        monkeypatch.setattr(type(multiprocessing.get_context("fork")), "Pool", counting)
        yield from real(records, renderer, n, chunk)

    monkeypatch.setattr(batch, "cpu_count", lambda: 3)
    monkeypatch.setattr(batch, "_parallel", spy)
    monkeypatch.setattr(batch, "AUTO_WINDOW", 1)  # --jobs auto: one record here, then workers
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)
    lines = [json.dumps({"static_content": i % 2 == 0}) for i in range(150)]  # two chunks of 100
    status, out, err = _evaluate_jsonl(tmp_path, lines, "--jobs", jobs)
    assert status == 0, err
    assert len(out.splitlines()) == 150
    assert started == [2], started


# ----------------------------------------------------------------- #12 catastrophic regexes

CATASTROPHIC = [
    r"(?:[a-z]+ ?)+(?:signed|logged) out",  # the pattern
    r"(a*)*b",
    r"(?:\w+\s?)*x",
    r"(?:a?)+b",
    r"(x+x+)+y",
    r"(?:[a-z]+ ?){0,50}done",
]
SAFE = [r"(?:\S+ ){0,6}(?:to|into) s3", r"colou?r", r"[0-9]+(?:\.[0-9]+)?", r"(?:[a-z]+ )+x", r"(?:ab)+c"]


def _cue_kb(tmp_path, pattern: str) -> Path:
    d = tmp_path / "kb"
    d.mkdir()
    (d / "cues.toml").write_text(
        "# a cue of a team's own\n\n[[cue]]\nid = \"signed-out\"\ntrait = \"static_content\"\nvalue = true\n"
        f"en = [{json.dumps(pattern)}]\n",
        encoding="utf-8",
    )
    return d


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_cue_is_refused_at_load(tmp_path, pattern):
    """#12: a --kb cue that would hang explain is refused (file:line), by kb check and explain."""
    d = _cue_kb(tmp_path, pattern)
    commands = [["kb", "check", "--kb", str(d), "--kb-only"]]
    if pattern == CATASTROPHIC[0]:
        commands.append(["explain", "-", "--kb", str(d)])
    for argv in commands:
        status, out, err = _run(argv, stdin="Users are signed out.\nA. x\nB. y\n")
        assert status == 1 and err.count("\n") == 1, (argv, err)
        assert f"{d / 'cues.toml'}:7:" in err and "backtrack catastrophically" in err, err


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_repeats_are_accepted(pattern):
    from advisor.regexshape import problem

    assert problem(pattern) is None


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


# ----------------------------------------------------------------- #14 deep keys, #18 answer letters

@pytest.mark.parametrize("key", ["note." + ".".join(f"k{i}" for i in range(1500)) + " = 1",
                                 "[" + ".".join(f"t{i}" for i in range(50_000)) + "]"])
def test_a_deeply_dotted_key_is_refused_before_parsing(tmp_path, key):
    """#14: RecursionError at 1,500 parts; 105 s and 14.7 GB at 50,000."""

    from advisor import kb as kbmod
    from advisor.errors import KnowledgeError

    (tmp_path / "kb.toml").write_text("# deep\n" + key + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"kb.toml:2: TOML key with more than 32 dotted parts"):
        kbmod.load([tmp_path], builtin=False)  # refused before parsing: no RecursionError, no hours


def test_an_answer_letter_given_twice_is_named():
    """#18: it used to say "'choose' is 2, but there are only 2 options"."""
    from advisor.errors import InputError
    from advisor.explain.parse import parse

    with pytest.raises(InputError, match="the answer 'A' is listed twice"):
        parse("q.json", json.dumps({"question": "Which one?", "options": {"A": "x", "B": "y"}, "answer": ["A", "A"]}))


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
    question = tmp_path / "q.txt"
    question.write_text(QUESTION.format(x=""), encoding="utf-8")
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
