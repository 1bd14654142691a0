"""The string catalogue: every key in every language, and the Words object that reads it."""

from pathlib import Path

import pytest

from advisor.present import words
from advisor.present.words import LANGS, CatalogueError, Words


def test_the_catalogue_is_whole():
    assert words.problems() == []
    for key, texts in words.catalogue().items():
        assert set(texts) == set(LANGS), key
        assert all(t.strip() for t in texts.values()), key


def test_words_read_their_language_and_format_fields(tmp_path: Path):
    assert Words("en")("common.yes") == "Yes"
    assert Words("ko")("common.yes") == "예"
    assert "common.no" in Words("en")
    assert Words("ko").pick("a", "b") == "b"
    with pytest.raises(ValueError):
        Words("fr")


@pytest.mark.parametrize("text, problem", [
    ('[a]\nen = "x"\n', "needs exactly en, ko"),
    ('[a]\nen = "x"\nko = 3\n', "needs exactly en, ko"),
    ('a = "x"\n', "expected a table"),
    ('[a\n', "common.toml"),
])
def test_a_key_missing_a_language_is_found(tmp_path: Path, text: str, problem: str):
    (tmp_path / "common.toml").write_text(text, encoding="utf-8")
    found = words.problems(tmp_path)
    assert found and problem in found[0]


def test_a_key_defined_twice_is_found(tmp_path: Path):
    (tmp_path / "a.toml").write_text('[k]\nen = "x"\nko = "y"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[k]\nen = "x"\nko = "y"\n', encoding="utf-8")
    assert "defined twice" in words.problems(tmp_path)[0]
    with pytest.raises(CatalogueError):
        words.catalogue.__wrapped__(tmp_path)


@pytest.mark.parametrize(
    "requested, environ, lang",
    [
        ("ko", {"LANG": "en_US.UTF-8"}, "ko"),  # --lang wins over the locale
        (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US"}, "ko"),
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # the first one set decides
        (None, {"LC_ALL": "  ", "LC_MESSAGES": "ko_KR", "LANG": "en"}, "ko"),  # a blank one is not set
        (None, {"LANG": "KO_kr"}, "ko"),
        (None, {}, "en"),
        ("fr", {"LANG": "ko_KR"}, "ko"),  # not a language of ours: the locale's
    ],
)
def test_one_language_choice_for_every_command(requested, environ, lang):
    from advisor.langs import chosen_lang

    assert chosen_lang(requested, environ) == lang


def test_a_yes_no_answer_is_written_from_the_catalogue():
    """The knowledge formats values but takes yes/no from the catalogue of the language it is given;
    without one (messages to whoever writes the TOML) it writes them as the files do."""
    from advisor.kb import TraitType, builtin

    q = next(q for q in builtin().questions.values() if q.type is TraitType.BOOL)
    assert [q.format_value(True, Words(lang)) for lang in LANGS] == [Words(lang)("common.value_yes") for lang in LANGS]
    assert q.format_value(False, Words("ko")) == "아니요"
    assert (q.format_value(True), q.format_value(False)) == ("true", "false")
