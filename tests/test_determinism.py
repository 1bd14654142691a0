"""The same input gives the same bytes, whatever the hash seed, the locale or the terminal's width;
colours appear only on a terminal, and never with NO_COLOR.

Each environment runs every command in one process (a driver calling advisor.cli.main on the real
standard output, so the locale's encoding applies), and the outputs are compared byte for byte.
`advisor consult` is left out: its default language follows the locale by design. This is the
suite's one test of output across hash seeds (one process per environment, all commands in it);
the tests of each command check what its output says.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PRIVATE, run_cli


ROOT = Path(__file__).resolve().parent.parent
EX = "examples/hibernation-large-memory.json"
OTHER = "examples/global-static-site.json"
QUESTION = "examples/exam-question.txt"
#: a Korean exam question with circled option numbers (written to a file by the test)
KOREAN_QUESTION = """ALB 뒤의 EC2에서 실행되는 웹 애플리케이션이 있다. 법적 이유로 특정 국가의 사용자는 접속을 막아야 한다. 가장 적절한 방법은?
① 보안 그룹에 해당 국가를 거부하는 규칙을 추가한다.
② ALB에 AWS WAF 웹 ACL을 연결하고 지리적 일치 규칙을 만든다.
③ S3 Transfer Acceleration을 켠다.
④ 각 인스턴스에 탄력적 IP를 할당한다.
"""
ANSI = re.compile(r"\x1b\[")

COMMANDS = [
    ["evaluate", EX],
    ["evaluate", EX, "--format", "json", "--lang", "ko"],
    ["evaluate", "examples/class-answers.jsonl", "--format", "markdown"],
    ["evaluate", OTHER, "--format", "json"],
    ["evaluate", "examples/custom-kb/answers.json", "--kb", "examples/custom-kb", "--trace"],
    ["explain", QUESTION],
    ["explain", QUESTION, "--format", "json", "--lang", "ko"],
    ["explain", "{korean_question}"],
    ["explain", "{korean_question}", "--format", "json"],
    ["how", "Amazon CloudFront", "--answers", OTHER, "--lang", "ko"],
    ["how", "hibernation-ram-too-large", "--answers", EX, "--format", "json"],
    ["how", "NAT gateway", "--answers", "examples/serverless-api.json"],
    ["why-not", "AWS WAF", "--answers", OTHER],
    ["why-not", "Amazon EC2 Auto Scaling", "--answers", EX, "--format", "json", "--lang", "ko"],
    ["why-not", "AWS Global Accelerator", "--answers", OTHER, "--format", "json"],
    ["diff", OTHER, EX],
    ["diff", EX, OTHER, "--format", "json", "--lang", "ko"],
    ["diff", OTHER, "examples/global-dynamic-app.json"],
    ["kb", "export"],
    ["kb", "check", "--format", "json"],
    ["schema"],
    ["notes", "긴 폴링을", "--lang", "ko"],
    ["notes", "sqs-long-polling", "--both", "--format", "json", "--lang", "en"],
    ["notes", "--by", "section", "--lang", "en"],
]

DRIVER = """
import sys
from advisor.cli import main
for argv in {commands!r}:
    sys.stdout.write("\\n=== advisor " + " ".join(argv) + "\\n")
    sys.stdout.flush()
    status = main(argv)
    sys.stdout.write(f"=== exit {{status}}\\n")
    sys.stdout.flush()
"""

ENVIRONMENTS = {
    "seed 0, C.UTF-8": {"PYTHONHASHSEED": "0", "LANG": "C.UTF-8"},
    "seed 1, LANG=C": {"PYTHONHASHSEED": "1", "LANG": "C"},
    "seed 4242, LANG=ko_KR.UTF-8": {"PYTHONHASHSEED": "4242", "LANG": "ko_KR.UTF-8", "LANGUAGE": "ko"},
    "random seed, LC_ALL=C.UTF-8": {"PYTHONHASHSEED": "random", "LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"},
    # COLUMNS sets the width of piped output (as for ls and git), so it is an input like the
    # arguments: it is set to the default width here; tests/test_layout.py checks what it changes.
    "seed 7, Latin-1 output, COLUMNS=100": {"PYTHONHASHSEED": "7", "LANG": "C", "PYTHONIOENCODING": "latin-1", "COLUMNS": "100", "TERM": "xterm-256color"},
    "seed 99, NO_COLOR, FORCE_COLOR unset": {"PYTHONHASHSEED": "99", "LANG": "C.UTF-8", "NO_COLOR": "1", "LINES": "5"},
}


def _run_all(extra: dict[str, str], korean_question: Path) -> bytes:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "HOME": os.environ.get("HOME", "/tmp"), **PRIVATE, **extra}
    commands = [[arg.format(korean_question=korean_question) for arg in argv] for argv in COMMANDS]
    r = subprocess.run(
        [sys.executable, "-c", DRIVER.format(commands=commands)], cwd=ROOT, env=env, capture_output=True, timeout=180
    )
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode("utf-8", "replace")[-3000:]
    return r.stdout


@pytest.mark.slow
def test_every_command_is_byte_identical_across_hash_seeds_and_locales(tmp_path):
    question = tmp_path / "korean-question.txt"
    question.write_text(KOREAN_QUESTION, encoding="utf-8")
    outputs = {name: _run_all(extra, question) for name, extra in ENVIRONMENTS.items()}
    reference = outputs["seed 0, C.UTF-8"]
    text = reference.decode("utf-8")
    assert text.count("=== exit 0") == len(COMMANDS), text[-2000:]
    assert "한국어" in text or "권장" in text or "예" in text  # Korean got through
    assert not ANSI.search(text)
    for name, out in outputs.items():
        if out != reference:
            a, b = reference.decode("utf-8", "replace").splitlines(), out.decode("utf-8", "replace").splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            pytest.fail(f"{name} differs from seed 0, C.UTF-8 at line {first + 1}:\n  {a[first:first + 1]}\n  {b[first:first + 1]}")


@pytest.mark.slow
def test_the_entry_point_itself_is_identical_under_two_locales():
    outs = []
    for extra in ({"LANG": "C", "PYTHONHASHSEED": "3"}, {"LANG": "ko_KR.UTF-8", "PYTHONHASHSEED": "5"}):
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **PRIVATE, **extra}
        r = subprocess.run([sys.executable, "-m", "advisor", "evaluate", EX, "--lang", "ko"], cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1] and not ANSI.search(outs[0].decode("utf-8"))


# ------------------------------------------------------------------------------- colour

def _in_terminal(argv, environ):
    r = run_cli(*argv, environ=environ, tty=True)
    assert r.status == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("argv", [["evaluate", EX], ["explain", QUESTION], ["how", "Amazon CloudFront", "--answers", OTHER],
                                  ["why-not", "AWS WAF", "--answers", OTHER], ["diff", OTHER, EX]])
def test_colours_on_a_terminal_unless_no_color(monkeypatch, argv):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TERM", "xterm-256color")  # rich reads the terminal type from the process
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert ANSI.search(_in_terminal(argv, {}))
    assert not ANSI.search(_in_terminal(argv, {"NO_COLOR": "1"}))
    from fuzzing import run

    assert not ANSI.search(run(*argv).stdout)  # not a terminal


@pytest.mark.slow
@pytest.mark.parametrize("no_color", [False, True])
def test_colours_in_a_real_terminal(no_color):
    import pty
    import select

    master, slave = pty.openpty()
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "TERM": "xterm-256color", **PRIVATE}
    if no_color:
        env["NO_COLOR"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "evaluate", EX], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True)
    os.close(slave)
    screen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(master)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    assert b"Recommended" in screen or b"Warnings" in screen
    assert bool(ANSI.search(screen.decode("utf-8", "replace"))) is not no_color
