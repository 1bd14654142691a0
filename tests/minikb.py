"""Tiny knowledge bases written inline, for tests of selection and explanations."""

from __future__ import annotations

import textwrap

from advisor import kb as kbmod


def small_kb(tmp_path, body: str):
    (tmp_path / "kb.toml").write_text(textwrap.dedent(body), encoding="utf-8")
    return kbmod.load([tmp_path], builtin=False)


def cache_folder(tmp_path, monkeypatch):
    """A knowledge cache folder of the test's own (turned on), for the cache's tests."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    return folder


def kb_dir(tmp_path, body: str):
    """A knowledge directory, kb/ under ``tmp_path``, whose one file kb.toml holds ``body``."""
    d = tmp_path / "kb"
    d.mkdir(exist_ok=True)
    (d / "kb.toml").write_text(textwrap.dedent(body), encoding="utf-8")
    return d


def load_text(tmp_path, text: str):
    """A base of one file, kb/x.toml under ``tmp_path``, holding ``text`` as it is."""
    d = tmp_path / "kb"
    d.mkdir(exist_ok=True)
    (d / "x.toml").write_text(text, encoding="utf-8")
    return kbmod.load([d], builtin=False)


def refusal(tmp_path, text: str) -> str:
    """The message loading ``text`` (see :func:`load_text`) is refused with."""
    import pytest

    from advisor.errors import KnowledgeError

    with pytest.raises(KnowledgeError) as info:
        load_text(tmp_path, text)
    return str(info.value)


QUESTION = """
[[question]]
trait = "{trait}"
type = "bool"
topic = "t"
prompt = {{ en = "{trait}?", ko = "{trait}?" }}
help = {{ en = "h", ko = "h" }}
"""
NOTE = """
[[note]]
id = "n"
topic = "t"
section = "s"
seed_lines = [1]
en = "a note"
ko = "노트"
"""


#: one question, one note and one rule about a CDN: the smallest base that holds together, which
#: tests of the loader, the schema and the lints edit
CDN_QUESTION = '''
[[question]]
trait = "static_content"
type = "bool"
topic = "s3"
prompt = { en = "Static?", ko = "정적입니까?" }
help = { en = "Help.", ko = "도움말." }
'''
CDN_NOTE = '''
[[note]]
id = "cdn-note"
topic = "s3"
section = "S3"
seed_lines = [1]
en = "A CDN caches static files."
ko = "CDN은 정적 파일을 캐시한다."
'''
CDN_RULE = '''
[[rule]]
id = "use-cdn"
kind = "recommend"
title = { en = "Use a CDN", ko = "CDN을 쓰세요" }
notes = ["cdn-note"]
when = [{ trait = "static_content", is = true }]
'''


def rule(rule_id: str, *traits: str, kind: str = "recommend", facts=(), derives=()) -> str:
    when = [f'{{ trait = "{t}", is = true }}' for t in traits] + [f'{{ fact = "{f}" }}' for f in facts]
    text = f"""
[[rule]]
id = "{rule_id}"
kind = "{kind}"
title = {{ en = "{rule_id}", ko = "{rule_id}" }}
notes = ["n"]
when = [{", ".join(when)}]
"""
    if derives:
        text += "derives = [" + ", ".join(f'"{d}"' for d in derives) + "]\n"
    return text
