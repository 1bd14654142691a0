"""Reading questions: JSON and plain text with every numbering style, and bad input."""

from __future__ import annotations

import pytest

from advisor.errors import InputError
from advisor.explain.parse import choose_from_text, detect_lang, parse


def keys_and_labels(parsed):
    return [(o.key, o.label, o.text) for o in parsed.options]


@pytest.mark.parametrize("lines, labels", [
    (["A. one", "B. two", "C. three"], ["A", "B", "C"]),
    (["A) one", "B) two", "C) three"], ["A", "B", "C"]),
    (["(A) one", "(B) two", "(C) three"], ["A", "B", "C"]),
    (["A: one", "B: two", "C: three"], ["A", "B", "C"]),
    (["a) one", "b) two", "c) three"], ["a", "b", "c"]),
    (["① one", "② two", "③ three"], ["①", "②", "③"]),
    (["1) one", "2) two", "3) three"], ["1", "2", "3"]),
    (["1. one", "2. two", "3. three"], ["1", "2", "3"]),
    (["가. one", "나. two", "다. three"], ["가", "나", "다"]),
])
def test_every_numbering_style_is_read(lines, labels):
    parsed = parse("q.txt", "Which one?\n" + "\n".join(lines) + "\n")
    assert parsed.question == "Which one?"
    assert keys_and_labels(parsed) == [("A", labels[0], "one"), ("B", labels[1], "two"), ("C", labels[2], "three")]


def test_question_lines_join_and_options_continue_on_the_next_line():
    text = "A company runs\nan app. What now?\n\nA. Use a\n   queue.\nB. Use a cache.\n"
    parsed = parse("q.txt", text)
    assert parsed.question == "A company runs an app. What now?"
    assert [o.text for o in parsed.options] == ["Use a queue.", "Use a cache."]
    assert [o.line for o in parsed.options] == [4, 6]


def test_a_numbered_question_is_not_read_as_option_one():
    parsed = parse("q.txt", "1. A company needs a fix.\n1) first\n2) second\n")
    assert parsed.question == "1. A company needs a fix."
    assert [o.text for o in parsed.options] == ["first", "second"]


def test_letters_win_over_numbers_in_the_question():
    parsed = parse("q.txt", "Steps: 1) build 2) ship. Which?\nA. x\nB. y\n")
    assert [o.key for o in parsed.options] == ["A", "B"]


@pytest.mark.parametrize("question, n", [
    ("Which TWO steps are required? (Choose two.)", 2),
    ("Select TWO.", 2),
    ("Pick 3 answers: choose three", 3),
    ("두 개를 고르시오.", 2),
    ("옳은 것을 2개 선택하세요.", 2),
    ("Select the two correct answers.", 2),
    ("Which actions fix it? (Choose 3 answers)", 3),
    ("Which two statements are true?", 2),
    ("다음 중 옳은 것은? (정답 2개)", 2),
    ("세 가지를 고르세요.", 3),
    ("What should be done?", 1),
    ("Which of these is the second step?", 1),
])
def test_choose_is_read_from_the_question(question, n):
    assert choose_from_text(question) == n


def test_json_question():
    parsed = parse("q.json", '{"question": "Q?", "options": {"B": "two", "A": "one"}, "choose": 1}')
    assert parsed.question == "Q?" and [o.key for o in parsed.options] == ["A", "B"]
    listed = parse("q.json", '{"question": "Q?", "options": ["one", "two", "three"], "answer": ["a", "c"]}')
    assert [o.key for o in listed.options] == ["A", "B", "C"]
    assert listed.answer == ("A", "C") and listed.choose == 2
    told = parse("q.json", '{"question": "알맞은 서비스 두 개를 고르시오.", "options": ["a", "b", "c"]}')
    assert told.choose == 2


def test_no_options_is_a_workload_description():
    parsed = parse("w.txt", "Our static site serves users around the world.\n")
    assert parsed.options == () and parsed.problem is None


def test_one_option_is_kept_with_a_problem():
    parsed = parse("q.txt", "Q?\nA. only\n")
    assert len(parsed.options) == 1 and "only one option" in parsed.problem


@pytest.mark.parametrize("name, text, fragment", [
    ("q.txt", "Q?\nA. one\nB. two\nB. three\n", "line 4: option B appears twice (lines 3 and 4)"),
    ("q.txt", "Q?\nA. one\nC. two\nB. three\n", "option B is out of order"),
    ("q.txt", "A. one\nB. two\n", "the question is empty"),
    ("q.txt", "   \n\n", "the file is empty"),
    ("q.json", '{"question": "Q?", "options": {"A": "a", "A": "b"}}', "key 'A' appears twice"),
    ("q.json", '{"question": "Q?",\n "options": {"A": "a",}}', "line 2, column"),
    ("q.json", '{"question": "  ", "options": ["a", "b"]}', "the question is empty"),
    ("q.json", '{"question": "Q?", "options": {"AA": "a", "B": "b"}}', "must be named by one letter"),
    ("q.json", '{"question": "Q?", "options": {"A": "", "B": "b"}}', "option A must be a non-empty string"),
    ("q.json", '{"question": "Q?", "options": ["a", "b"], "choose": 2}', "'choose' is 2, but there are only 2 options"),
    ("q.json", '{"question": "Q?", "options": ["a", "b"], "choose": 0}', "'choose' must be a whole number"),
    ("q.json", '{"question": "Q?", "options": ["a", "b"], "answer": "C"}', "the answer 'C' is not one of the options"),
    ("q.json", '{"question": "Q?", "colour": "red"}', "unknown key 'colour'"),
    ("q.json", '["Q?"]', "expected a JSON object"),
])
def test_bad_questions_are_one_line_errors(name, text, fragment):
    with pytest.raises(InputError) as info:
        parse(name, text)
    message = str(info.value)
    assert fragment in message and "\n" not in message and message.startswith(name)


def test_language_is_detected():
    assert detect_lang("프라이빗 서브넷의 EC2 인스턴스가 업데이트를 내려받아야 한다.") == "ko"
    assert detect_lang("Instances in a private subnet need updates.") == "en"
