"""``advisor kb schema``: the JSON Schema of a knowledge file, generated from the fields each kind
registers with the loader. Every real knowledge file follows it; a broken one does not; and where
it refuses an item's shape, so does the loader."""

from __future__ import annotations

import json
import textwrap
import tomllib
from pathlib import Path

import jsonschema
import pytest

from advisor import kb as kbmod
from advisor.errors import KnowledgeError
from advisor.kb.schema import knowledge_schema
from tests.minikb import CDN_NOTE, CDN_QUESTION, CDN_RULE

TESTS = Path(__file__).parent
VALIDATOR = jsonschema.Draft202012Validator(knowledge_schema())


def _errors(data) -> list[str]:
    return sorted("/".join(map(str, e.absolute_path)) + ": " + e.message for e in VALIDATOR.iter_errors(data))


def test_the_command_prints_a_valid_draft_2020_12_schema(cli):
    r = cli("kb", "schema")
    assert r.status == 0 and r.stderr == ""
    schema = json.loads(r.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == ["note", "question", "derived", "rule", "part", "cue", "term", "claim", "exam"]
    assert cli("kb", "schema").stdout == r.stdout  # deterministic


@pytest.mark.parametrize(
    "path",
    [*kbmod.knowledge_files(kbmod.builtin_dir()), *kbmod.knowledge_files(TESTS / "kb_good")],
    ids=lambda p: p.parent.name + "/" + p.name,
)
def test_every_real_knowledge_file_follows_the_schema(path):
    assert _errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_a_broken_file_fails_it():
    data = tomllib.loads((TESTS / "kb_broken" / "rule-cites-no-note" / "kb.toml").read_text(encoding="utf-8"))
    errors = _errors(data)
    assert len(errors) == 1 and errors[0].startswith("rule/1/notes: [] should be non-empty"), errors


VALID = CDN_NOTE + CDN_QUESTION + CDN_RULE + """
[[claim]]
id = "cdn-caches"
holds = true
notes = ["cdn-note"]
all = [["cdn"], ["cache[sd]?"]]
because = { en = "It does.", ko = "그렇다." }
"""

BROKEN = {
    "unknown key": ('section = "S3"', 'section = "S3"\nsectoin = "S3"'),
    "missing key": ('topic = "s3"\nsection', "section"),
    "bad id": ('id = "use-cdn"', 'id = "Use CDN"'),
    "bad kind": ('kind = "recommend"', 'kind = "suggest"'),
    "bad test": ("is = true }]", "iz = true }]"),
    "fact and trait": ("when = [{ trait", 'when = [{ fact = "x", trait'),
    "text without ko": ('title = { en = "Use a CDN", ko = "CDN을 쓰세요" }', 'title = { en = "Use a CDN" }'),
    "claim holds a string": ("holds = true", 'holds = "yes"'),
    "unknown kind": ("[[claim]]", "[[claims]]"),
}


def test_the_valid_sample_follows_the_schema_and_loads(tmp_path):
    (tmp_path / "kb.toml").write_text(textwrap.dedent(VALID), encoding="utf-8")
    assert _errors(tomllib.loads(VALID)) == []
    kbmod.load([tmp_path], builtin=False)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_the_schema_refuses_the_loader_refuses(tmp_path, case):
    old, new = BROKEN[case]
    assert old in VALID
    text = VALID.replace(old, new, 1)
    assert _errors(tomllib.loads(text)), f"the schema accepts: {case}"
    (tmp_path / "kb.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError):
        kbmod.load([tmp_path], builtin=False)
