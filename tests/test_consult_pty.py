"""`advisor consult` end to end in a real pseudo-terminal: a person's keys in, the screen out."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import PRIVATE
from consult_driver import keys_for, keys_for_parts, parts_agreeing

from advisor import kb as kbmod
from advisor.consult.questions_asked import load_scenarios
from advisor.engine import engine_for

pytestmark = pytest.mark.slow

KB = kbmod.builtin()
ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = dict(load_scenarios(KB, ROOT / "tests" / "scenarios"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")
MARKER = re.compile(r"(?:Question|질문) (\d+) · [^\n]*?·  ([a-z_0-9]+)\n")
TIMEOUT = 20.0


class Terminal:
    """A child process on a pseudo-terminal, with a screen log we can wait on."""

    def __init__(self, args: list[str], cwd: Path, lang: str = "C.UTF-8"):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(cwd),
            "LANG": lang,
            "TERM": "xterm",
            "NO_COLOR": "1",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "PYTHONPATH": str(ROOT),
            **PRIVATE,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "advisor", *args],
            stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.raw = b""

    @property
    def screen(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", errors="replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.raw += data
        return bool(data)

    def wait_for(self, pattern: str | re.Pattern, start: int = 0, timeout: float = TIMEOUT) -> re.Match:
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        while True:
            found = regex.search(self.screen, start)
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.2)) and self.proc.poll() is not None and not self._read(0.1)):
                found = regex.search(self.screen, start)
                if found:
                    return found
                raise AssertionError(f"timed out waiting for {regex.pattern!r}; screen ends with:\n{self.screen[-2500:]}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def finish(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
            raise AssertionError(f"advisor consult did not exit; screen ends with:\n{self.screen[-2500:]}")
        while self._read(0.05):
            pass
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self.fd)


@pytest.fixture
def terminal():
    opened = []

    def start(*args, **kwargs):
        t = Terminal(*args, **kwargs)
        opened.append(t)
        return t

    yield start
    for t in opened:
        t.close()


PARTS_PROMPT = r"Which of these does the design contain|설계에 다음 중 무엇이"


def answer_questions(t: Terminal, full: dict, stop_after: int | None = None, extra: dict | None = None) -> list[str]:
    """Answer each question as it appears (the parts of the design first, if asked: those that
    agree with ``full``); return the traits asked."""
    asked: list[str] = []
    pos = 0
    extra = dict(extra or {})
    options = [(p.label.en, p.id) for p in KB.parts.values()]
    while True:
        found = t.wait_for(re.compile(MARKER.pattern + "|What next\\?|다음은\\?|" + PARTS_PROMPT), pos)
        if found.group(0).startswith(("What next", "다음은")):
            return asked
        pos = found.end()
        if found.group(2) is None:  # the parts of the design
            t.wait_for("»", pos)
            t.send(keys_for_parts(options, set(parts_agreeing(KB, full))))
            pos = t.wait_for(r"The design contains|설계 구성", pos).end()
            continue
        trait = found.group(2)
        t.wait_for(r"»|[0-9.]+\s*(?:to|~)\s*[0-9]", pos)  # the prompt is on screen (pointer or range)
        if stop_after is not None and len(asked) == stop_after:
            return asked
        asked.append(trait)
        if len(asked) in extra:
            t.send(extra.pop(len(asked)))
            reply = t.wait_for(r"Why this question|Back to the previous", pos)
            pos = reply.end()
            continue
        t.send(keys_for(KB.questions[trait], full.get(trait)))


def test_a_whole_consultation_in_a_terminal(tmp_path, terminal):
    full = SCENARIOS["hibernate-large-cache"]  # yes/no, a choice and a number
    t = terminal(["consult", "--save", "answers.json"], cwd=tmp_path)
    t.wait_for("arch-advisor consultation")
    asked = answer_questions(t, full, extra={2: "?", 4: "b"})
    t.wait_for("Consultation report")
    t.send("\r")  # Done
    assert t.finish() == 0, t.screen[-2000:]
    screen = t.screen
    assert "Why this question" in screen and "Back to the previous question" in screen
    assert "How each conclusion was reached" in screen
    saved = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert saved.pop("_consultation")["lang"] == "en"
    expected = [c.rule.id for c in engine_for(KB).evaluate({k: v for k, v in full.items() if v is not None}).conclusions]
    assert [c.rule.id for c in engine_for(KB).evaluate({k: v for k, v in saved.items() if v is not None}).conclusions] == expected
    assert "ram_gb" in asked and saved["ram_gb"] == full["ram_gb"]
    assert "Traceback" not in screen


def test_ctrl_c_in_a_terminal_saves_and_resumes_in_korean(tmp_path, terminal):
    full = SCENARIOS["serverless-api"]
    t = terminal(["consult"], cwd=tmp_path, lang="ko_KR.UTF-8")
    t.wait_for("arch-advisor 상담")
    asked = answer_questions(t, full, stop_after=3)
    t.send("\x03")
    assert t.finish() == 130
    assert "중단했습니다" in t.screen and "advisor-answers.json" in t.screen
    assert "Traceback" not in t.screen
    saved = json.loads((tmp_path / "advisor-answers.json").read_text(encoding="utf-8"))
    meta = saved.pop("_consultation")
    assert meta["lang"] == "ko" and meta["order"] == asked and meta["parts"] == parts_agreeing(KB, full)
    assert set(saved) == set(asked) | {"api_backend"}  # an HTTP API answers api_backend
    assert "--lang ko" in t.screen  # the resume hint keeps the language

    # resumed without --lang in an English locale: the file says Korean
    t2 = terminal(["consult", "--answers", "advisor-answers.json", "--save", "advisor-answers.json"], cwd=tmp_path, lang="C.UTF-8")
    t2.wait_for("이어서 진행합니다")
    more = answer_questions(t2, full)
    assert not set(more) & set(asked)
    t2.send("\r")
    assert t2.finish() == 0
    saved = json.loads((tmp_path / "advisor-answers.json").read_text(encoding="utf-8"))
    assert saved.pop("_consultation")["order"] == asked + more
    assert set(saved) == set(asked) | set(more) | {"api_backend"}


def test_not_a_terminal_points_to_evaluate(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "consult"], input="{}", capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", **PRIVATE}, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "advisor evaluate" in done.stderr
