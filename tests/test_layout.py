"""Layout (issue 12, point 6): prompts never break inside a word at 100 or 60 columns, menu
items are wrapped rather than cut, piped output takes its width from COLUMNS."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from advisor import kb as kbmod
from advisor.present.layout import cells, wrap
from advisor.consult.prompter import Prompter
from advisor.present.words import Words

KB = kbmod.builtin()


@dataclass
class _Size:
    rows: int
    columns: int


class _Output:
    def __init__(self, columns: int):
        self.columns = columns

    def get_size(self):
        return _Size(30, self.columns)


def _words(s: str) -> list[str]:
    return s.split()


def _fits(item: str, prefix: int, columns: int) -> bool:
    """A menu item as questionary draws it: the pointer (and box) before its first line, the
    next lines indented by the prompter itself."""
    first, *rest = item.split("\n")
    return cells(first) + prefix + 1 < columns and all(cells(line) < columns for line in rest)


def test_wrap_breaks_between_words_and_measures_korean_in_cells():
    lines = wrap("Is most of what the workload serves static content", 20, indent="  ", first=2)
    assert all(cells(line) <= 20 for line in lines[1:]) and cells(lines[0]) + 2 <= 20
    assert _words(" ".join(lines)) == _words("Is most of what the workload serves static content")
    ko = wrap("워크로드가 제공하는 콘텐츠 대부분이 정적 콘텐츠입니까?", 20)
    assert all(cells(line) <= 20 for line in ko)
    assert " ".join(ko) == "워크로드가 제공하는 콘텐츠 대부분이 정적 콘텐츠입니까?"
    url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html"
    assert url in wrap(f"see {url} now", 30)  # a word longer than the line is kept whole


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_prompt_hint_and_menu_item_fits_without_breaking_a_word(columns, lang):
    p = Prompter(Words(lang), output=_Output(columns))
    shown = []
    for q in KB.questions.values():
        message = p.message(q.prompt.get(lang))
        lines = message.rstrip("\n").split("\n")
        assert cells("? " + lines[0]) < columns
        assert all(cells(line) < columns for line in lines[1:])
        assert _words(message) == _words(q.prompt.get(lang))  # no word was split
        shown.append(message)
        for c in q.choices:
            item = p.item(f"1) {c.label.get(lang)}", p.SELECT_PREFIX)
            assert _fits(item, p.SELECT_PREFIX, columns)
            assert _words(item) == _words(f"1) {c.label.get(lang)}")
    for part in KB.parts.values():
        item = p.item(part.label.get(lang), p.CHECKBOX_PREFIX)
        assert _fits(item, p.CHECKBOX_PREFIX, columns)
        assert _words(item) == _words(part.label.get(lang))
    for key in ("hint_move", "parts_hint", "menu_hint"):
        hint = p.instruction(Words(lang)("consult." + key))
        assert all(cells(line) < columns for line in hint.split("\n"))
    for rule in KB.rules.values():  # the "What next?" menu: How / Why not items
        title = Words(lang)("consult.menu_how", name=rule.title.get(lang))
        item = p.item(title, p.SELECT_PREFIX)
        assert _fits(item, p.SELECT_PREFIX, columns)
        assert _words(item) == _words(title)


def test_piped_output_honours_columns(cli, write):
    answers = write("a.json", '{"static_content": true, "global_users": true, "multi_region": false}')
    wide = cli("evaluate", answers).stdout
    narrow = cli("evaluate", answers, environ={"COLUMNS": "60"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 60
    assert max(cells(line) for line in narrow.splitlines() if "https://" not in line) <= 60
    # a documentation page's address is printed whole on its own line, at any width
    assert [line for line in narrow.splitlines() if "https://" in line] == [line for line in wide.splitlines() if "https://" in line]
    body = lambda out: _words(out.split("\n", 1)[1])  # noqa: E731 - after the title rule
    assert body(narrow) == body(wide)  # the same words, laid out narrower
    # nonsense in COLUMNS is ignored, as the default width
    assert cli("evaluate", answers, environ={"COLUMNS": "abc"}).stdout == wide
