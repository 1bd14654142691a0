"""The consultation's prompts, driven through real questionary prompts on a prompt_toolkit pipe."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor import kb as kbmod
from advisor.consult.prompter import ANSWER, BACK, UNKNOWN, WHY, Prompter, Reply
from advisor.present.words import Words

KB = kbmod.builtin()
BOOL = KB.questions["static_content"]
CHOICE = KB.questions["db_engine"]
NUMBER = KB.questions["ram_gb"]

DOWN = "\x1b[B"


def ask(question, keys: str, lang: str = "en", **kwargs) -> Reply:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        return Prompter(Words(lang), input=pipe, output=DummyOutput()).ask(question, **kwargs)


@pytest.mark.parametrize("keys, expected", [
    ("y", Reply(ANSWER, True)),
    ("n", Reply(ANSWER, False)),
    ("\r", Reply(ANSWER, True)),  # Enter on the first choice
    (DOWN + "\r", Reply(ANSWER, False)),
    ("j\r", Reply(ANSWER, False)),
    ("d", Reply(UNKNOWN)),
    ("?", Reply(WHY)),
    ("b", Reply(BACK)),
    ("jjj\r", Reply(WHY)),  # Yes, No, Don't know, Why (the separator is skipped)
    ("jjjj\r", Reply(BACK)),
])
def test_yes_no_question(keys, expected):
    assert ask(BOOL, keys) == expected


def test_back_is_not_offered_on_the_first_question():
    assert ask(BOOL, "bn", can_go_back=False) == Reply(ANSWER, False)  # 'b' does nothing
    assert ask(BOOL, "jjjj\r", can_go_back=False) == Reply(ANSWER, True)  # after Why it wraps to Yes


def test_going_back_preselects_the_earlier_answer():
    assert ask(BOOL, "\r", default=Reply(ANSWER, False)) == Reply(ANSWER, False)
    assert ask(BOOL, "\r", default=Reply(UNKNOWN)) == Reply(UNKNOWN)


def test_choice_question_by_number_and_by_arrows():
    assert ask(CHOICE, "4") == Reply(ANSWER, "oracle")
    assert ask(CHOICE, DOWN + "\r") == Reply(ANSWER, "postgresql")
    assert ask(CHOICE, "d") == Reply(UNKNOWN)
    assert ask(CHOICE, "y2") == Reply(ANSWER, "postgresql")  # y/n mean nothing here


@pytest.mark.parametrize("keys, expected", [
    ("160\r", Reply(ANSWER, 160.0)),
    ("0.5\r", Reply(ANSWER, 0.5)),
    ("32 GB\r", Reply(ANSWER, 32.0)),
    ("?\r", Reply(WHY)),
    ("why\r", Reply(WHY)),
    ("back\r", Reply(BACK)),
    ("\r", Reply(UNKNOWN)),
    ("-\r", Reply(UNKNOWN)),
    ("abc\r\x7f\x7f\x7f64\r", Reply(ANSWER, 64.0)),  # refused, erased, retyped
    ("99999\r\x7f\x7f\x7f\x7f\x7f256\r", Reply(ANSWER, 256.0)),  # out of range, then fixed
])
def test_number_question(keys, expected):
    assert ask(NUMBER, keys) == expected


def test_number_question_refuses_back_on_the_first_question():
    assert ask(NUMBER, "back\r\x7f\x7f\x7f\x7f8\r", can_go_back=False) == Reply(ANSWER, 8.0)


def test_number_default_is_the_earlier_answer():
    assert ask(NUMBER, "\r", default=Reply(ANSWER, 160.0)) == Reply(ANSWER, 160.0)
    assert ask(NUMBER, "\r", default=Reply(UNKNOWN)) == Reply(UNKNOWN)


def test_number_messages_in_both_languages():
    p_en, p_ko = Prompter(Words("en")), Prompter(Words("ko"))
    assert "number of GB" in p_en.parse_number(NUMBER, "lots")
    assert "GB" in p_ko.parse_number(NUMBER, "lots") and "숫자" in p_ko.parse_number(NUMBER, "lots")
    assert "between 0.5 and 24576" in p_en.parse_number(NUMBER, "0.1")
    assert p_ko.parse_number(NUMBER, "왜") == Reply(WHY)


def test_korean_prompts_answer_the_same_way():
    assert ask(BOOL, "y", lang="ko") == Reply(ANSWER, True)
    assert ask(CHOICE, "5", lang="ko") == Reply(ANSWER, "sqlserver")


@pytest.mark.parametrize("question", [BOOL, CHOICE, NUMBER])
def test_ctrl_c_raises_keyboard_interrupt(question):
    with pytest.raises(KeyboardInterrupt):
        ask(question, "\x03")


@pytest.mark.parametrize("question", [BOOL, CHOICE, NUMBER])
def test_ctrl_d_and_end_of_input_raise_eof(question):
    with pytest.raises(EOFError):
        ask(question, "\x04")
    with create_pipe_input() as pipe:
        pipe.close()
        with pytest.raises(EOFError):
            Prompter(Words("en"), input=pipe, output=DummyOutput()).ask(question)


def test_menu_choice_default_and_filter():
    options = [("How: one", "one"), ("Why not Amazon CloudFront?", "cf"), ("Done", "done")]
    with create_pipe_input() as pipe:
        pipe.send_text("\r")
        assert Prompter(Words("en"), input=pipe, output=DummyOutput()).choose("Next?", options, default="done") == "done"
    with create_pipe_input() as pipe:
        pipe.send_text("cloud\r")
        assert Prompter(Words("en"), input=pipe, output=DummyOutput()).choose("Next?", options, default="done") == "cf"


def test_prompts_share_one_set_of_default_key_bindings_and_put_the_loader_back():
    """While a prompt is built its Applications get the one shared set; afterwards, and after an
    error while building, prompt_toolkit's own loader is back for anyone else's application."""
    from prompt_toolkit.application import application as module

    from advisor.consult.prompter import shared_default_bindings

    own = module.load_key_bindings
    with shared_default_bindings():
        first = module.load_key_bindings()
        with shared_default_bindings():  # nested: the outer block's sharing is back after it
            pass
        assert module.load_key_bindings() is first
    with pytest.raises(RuntimeError):
        with shared_default_bindings():
            assert module.load_key_bindings() is first
            raise RuntimeError("a prompt that fails while it is built")
    assert module.load_key_bindings is own
    assert own() is not first  # outside, every application still loads a set of its own
    assert ask(BOOL, "y") == Reply(ANSWER, True)  # and a prompt built on the shared set answers


def test_a_prompt_is_built_on_the_shared_key_bindings(monkeypatch):
    """No Application of a prompt loads the default key bindings itself."""
    from prompt_toolkit.application import application as module

    loads = []
    monkeypatch.setattr(module, "load_key_bindings", lambda: loads.append(1) or pytest.fail("loaded anew"))
    assert ask(BOOL, "y") == Reply(ANSWER, True)
    assert not loads
