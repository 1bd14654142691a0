"""Tiny knowledge bases written inline, for tests of selection and explanations."""

from __future__ import annotations

import textwrap

from advisor import kb as kbmod


def small_kb(tmp_path, body: str):
    (tmp_path / "kb.toml").write_text(textwrap.dedent(body), encoding="utf-8")
    return kbmod.load([tmp_path], builtin=False)


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
