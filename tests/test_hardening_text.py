"""Issue 14, text from outside: it never reaches the terminal raw nor as markup (#1, #2), and a
file name that is not UTF-8 is shown escaped (#16).

Each test names the issue's case (#N) it keeps fixed; the other cases are in tests/test_hardening_*.py."""

from __future__ import annotations

import io
import json
import os
import re

import pytest
from conftest import ROOT, run_cli

from advisor.safetext import UNSAFE, display_name, json_safe, safe, safe_line


def _run(argv, stdin="", tty=False):
    r = run_cli(*argv, stdin=stdin, environ={"COLUMNS": "100"}, tty=tty)
    return r.status, r.stdout, r.stderr


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
