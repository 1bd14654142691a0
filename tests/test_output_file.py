"""--output FILE (evaluate, explain, how, why-not, diff): the same bytes as standard output, written atomically,
never over an input, and nothing lost when the run fails or is interrupted."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fuzzing import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "global-static-site.json")
OTHER = str(ROOT / "examples" / "serverless-api.json")
QUESTION = str(ROOT / "examples" / "exam-question.txt")

COMMANDS = {
    "evaluate": ["evaluate", EXAMPLE],
    "explain": ["explain", QUESTION],
    "how": ["how", "Amazon CloudFront", "--answers", EXAMPLE],
    "why-not": ["why-not", "AWS WAF", "--answers", EXAMPLE],
    "diff": ["diff", EXAMPLE, OTHER],
}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_holds_what_stdout_would(tmp_path, command, fmt):
    argv = [*COMMANDS[command], "--format", fmt]
    plain = run(*argv)
    assert plain.status == 0 and plain.stdout
    target = tmp_path / "out.txt"
    r = run(*argv, "--output", str(target))
    assert r.status == 0 and r.stdout == "" and r.stderr == ""
    assert target.read_bytes() == plain.stdout.encode("utf-8")
    assert "\x1b[" not in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind
    assert run(*argv, "-o", "-").stdout == plain.stdout


def _inputs(command: str) -> list[str]:
    return [a for a in COMMANDS[command] if a in (EXAMPLE, OTHER, QUESTION)]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_output_never_replaces_an_input(tmp_path, command, spelling):
    # copies of the inputs, so that a failure here cannot damage the repository's examples
    argv = list(COMMANDS[command])
    copies = {}
    for original in _inputs(command):
        copy = tmp_path / Path(original).name
        copy.write_bytes(Path(original).read_bytes())
        copies[original] = str(copy)
    argv = [copies.get(a, a) for a in argv]
    victim = Path(copies[_inputs(command)[-1]])
    before = victim.read_bytes()
    if spelling == "same":
        target = str(victim)
    elif spelling == "dotted":
        (tmp_path / "sub").mkdir()
        target = str(tmp_path / "sub" / ".." / "." / victim.name)
    elif spelling == "symlink":
        target = str(tmp_path / "link.json")
        os.symlink(victim, target)
    else:
        target = str(tmp_path / "hard.json")
        os.link(victim, target)
    r = run(*argv, "--output", target)
    assert r.status == 2 and r.stdout == "" and r.stderr.count("\n") == 1, r.stderr
    assert "is the input" in r.stderr
    assert victim.read_bytes() == before


@pytest.mark.parametrize("target, fragment", [
    ("DIR", "is a directory"),
    ("DIR/missing/out.txt", "does not exist"),
    (os.devnull, "not a regular file"),
    ("", "give a file name"),
])
def test_bad_output_paths_are_usage_errors(tmp_path, target, fragment):
    target = target.replace("DIR", str(tmp_path))
    r = run(*COMMANDS["how"], "--output", target)
    assert r.status == 2 and r.stdout == "" and r.stderr.count("\n") == 1 and fragment in r.stderr, r.stderr


def test_a_failed_run_leaves_the_output_file_as_it_was(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"static_content": "maybe"}', encoding="utf-8")
    r = run("why-not", "AWS WAF", "--answers", str(bad), "--output", str(target))
    assert r.status == 1 and "static_content" in r.stderr
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "report.json"]


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch, step):
    import advisor.atomic as answers

    target = tmp_path / "report.txt"
    target.write_text("the previous report\n", encoding="utf-8")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if step == "write":
        real_fdopen = os.fdopen

        class Interrupting:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)

            def fileno(self):
                return self.fh.fileno()

            def close(self):
                self.fh.close()

            def write(self, text):
                self.fh.write(text[: len(text) // 2])
                raise KeyboardInterrupt

        def fdopen(fd, mode="r", *args, **kwargs):
            fh = real_fdopen(fd, mode, *args, **kwargs)
            return Interrupting(fh) if "w" in mode else fh

        monkeypatch.setattr(answers.os, "fdopen", fdopen)
    elif step == "fsync":
        monkeypatch.setattr(answers.os, "fsync", interrupt)
    else:
        monkeypatch.setattr(answers.os, "replace", interrupt)
    r = run(*COMMANDS["why-not"], "--output", str(target))
    assert r.status == 130 and "interrupted" in r.stderr
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_permissions_are_kept_or_follow_the_umask(tmp_path):
    target = tmp_path / "new.txt"
    old = os.umask(0o022)
    try:
        assert run(*COMMANDS["how"], "-o", str(target)).status == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    assert run(*COMMANDS["how"], "-o", str(target)).status == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlinked_output_is_written_through(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(*COMMANDS["how"], "-o", str(link)).status == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("How: Amazon CloudFront")


def _batch(tmp_path, count: int = 40) -> Path:
    lines = [f'{{"static_content": {"true" if i % 2 else "false"}, "global_users": true}}' for i in range(count)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown"])
def test_evaluate_streams_a_batch_into_the_output_file(tmp_path, fmt):
    source = _batch(tmp_path)
    plain = run("evaluate", str(source), "--format", fmt, "--jobs", "1")
    target = tmp_path / "report.out"
    r = run("evaluate", str(source), "--format", fmt, "--jobs", "1", "--output", str(target))
    assert r.status == 0 and r.stdout == ""
    assert target.read_bytes() == plain.stdout.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "report.out"]


@pytest.mark.parametrize("existing", [False, True])
def test_an_interrupted_batch_leaves_no_half_written_output(tmp_path, monkeypatch, existing):
    """Ctrl-C in the middle of a batch: the output file is as it was (absent, or the old one),
    and no temporary file is left beside it."""
    from advisor import batch

    source = _batch(tmp_path)
    target = tmp_path / "report.json"
    if existing:
        target.write_text("old report\n", encoding="utf-8")
    real = batch.outputs

    def interrupted(*args, **kwargs):
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 10:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(batch, "outputs", interrupted)
    r = run("evaluate", str(source), "--format", "json", "--jobs", "1", "--output", str(target))
    assert r.status == 130 and "Traceback" not in r.stderr
    if existing:
        assert target.read_text(encoding="utf-8") == "old report\n"
    else:
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["batch.jsonl"] + (["report.json"] if existing else []))


def test_a_bad_answers_file_leaves_the_output_untouched(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = run("evaluate", str(bad), "--output", str(target))
    assert r.status == 1 and target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "report.json"]
