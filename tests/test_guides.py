"""The hand-written guides stay true: their TOML examples load, pass the linter and behave as the
text says; the Python they show runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from advisor import kb as kbmod
from advisor.engine import engine_for
from advisor.kb.lint import check
from advisor.logic import analysis

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "docs" / "guides"
EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```toml\n(.*?)\n```", re.S)


def examples(guide: str) -> list[tuple[str, str]]:
    found = EXAMPLE.findall((GUIDES / guide).read_text(encoding="utf-8"))
    assert found, f"{guide} has no marked examples"
    return found


def write_examples(guide: str, into: Path, prefix: str) -> None:
    for rel, text in examples(guide):
        if rel.startswith(prefix):
            path = into / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write("\n" + text + "\n")


# ------------------------------------------------------------------------ adding a rule

@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    """The built-in knowledge with the guide's note, question and rule added where it says."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "knowledge", root / "knowledge")
    for rel, _ in examples("adding-a-rule.md"):
        assert (ROOT / rel).is_file(), f"the guide adds to {rel}, which does not exist"
    write_examples("adding-a-rule.md", root, "knowledge/")
    return kbmod.load([root / "knowledge"], builtin=False)


@pytest.mark.slow
def test_the_walkthrough_passes_the_linter(extended):
    assert [str(f) for f in check(extended)] == []
    assert "sqs-no-broker-to-run" in extended.notes
    assert "self_managed_broker" in extended.questions


def test_the_walkthrough_rule_fires_as_the_guide_says(extended):
    rule = extended.rules["sqs-replaces-self-managed-broker"]
    assert analysis(extended).firing_answers(rule) == [{"decouple_components": True, "self_managed_broker": True}]
    engine = engine_for(extended)
    assert "sqs-replaces-self-managed-broker" in engine.evaluate({"decouple_components": True, "self_managed_broker": True}).fired()
    assert "sqs-replaces-self-managed-broker" not in engine.evaluate({"decouple_components": True}).fired()
    assert "sqs-replaces-self-managed-broker" not in engine.evaluate({"decouple_components": True, "self_managed_broker": False}).fired()
    _examples_hold(extended, rule)


def _examples_hold(base, rule) -> None:
    """The guide's ``[[rule.example]]`` tables are there and hold on the engine."""
    assert rule.examples
    engine = engine_for(base)
    for example in rule.examples:
        fired = engine.evaluate(dict(example.answers)).fired()
        assert set(example.follows) <= fired and not set(example.does_not_follow) & fired, example.source


def test_the_walkthrough_is_not_shipped(kb):
    assert "sqs-replaces-self-managed-broker" not in kb.rules
    assert "sqs-no-broker-to-run" not in kb.notes


# ------------------------------------------------------------------------ a knowledge base of its own

@pytest.fixture
def workdir(tmp_path, monkeypatch):
    write_examples("custom-knowledge-base.md", tmp_path, "my-kb/")
    write_examples("custom-knowledge-base.md", tmp_path, "team-kb/")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_standalone_example_holds_together(workdir):
    mine = kbmod.load([workdir / "my-kb"], builtin=False)
    assert [str(f) for f in check(mine)] == []
    engine = engine_for(mine)

    def recommended(answers):
        return {c.rule.id for c in engine.evaluate(answers).conclusions}

    assert recommended({"read_frequency": "yearly", "retrieval_wait_hours": 24}) == {"deep-archive-for-records"}
    assert "cold-data-identified" in engine.evaluate({"read_frequency": "yearly", "retrieval_wait_hours": 24}).fired()
    assert recommended({"read_frequency": "yearly", "retrieval_wait_hours": 2}) == {"standard-ia-for-cold-data"}
    assert recommended({"read_frequency": "daily", "retrieval_wait_hours": 2}) == set()
    for rule in mine.rules.values():
        _examples_hold(mine, rule)


@pytest.mark.slow
def test_the_extension_example_builds_on_the_builtin_knowledge(workdir, engine):
    both = kbmod.load([workdir / "team-kb"])
    assert [str(f) for f in check(both)] == []
    ev = engine_for(both).evaluate({"private_subnet_instances": True, "internet_egress": True})
    assert "team-review-new-egress" in ev.fired()
    _examples_hold(both, both.rules["team-review-new-egress"])
    # and alone it does not hold together: it leans on built-in notes and facts
    assert check(kbmod.load([workdir / "team-kb"], builtin=False))


@pytest.mark.slow
def test_a_taken_id_is_reported_not_overridden(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "x.toml").write_text(
        '[[derived]]\nid = "runs-lambda"\nen = "something else"\nko = "다른 것"\n', encoding="utf-8"
    )
    both = kbmod.load([tmp_path / "kb"])
    assert both.derived["runs-lambda"].label.en != "something else"
    assert any(f.lint == "duplicate-id" for f in check(both))


@pytest.mark.slow
def test_the_loading_snippet_runs(workdir, capsys):
    text = (GUIDES / "custom-knowledge-base.md").read_text(encoding="utf-8")
    snippet = text.split("## Loading", 1)[1].split("```python\n", 1)[1].split("\n```", 1)[0]
    exec(compile(snippet, "custom-knowledge-base.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "['deep-archive-for-records']"


def test_the_guide_lists_which_lints_refuse_a_base():
    """The lists of errors and warnings in "What is checked when it loads" are advisor.kb.lint's."""
    from advisor.kb.lint import LINTS, WARNINGS

    text = (GUIDES / "custom-knowledge-base.md").read_text(encoding="utf-8")
    section = text.split("### What is checked when it loads", 1)[1].split("\n## ", 1)[0]
    errors_part, warnings_part = section.split("3. **Warnings.**", 1)
    errors_part = errors_part.split("These lints are errors:", 1)[1]
    named = lambda part: set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", part)) & set(LINTS)  # noqa: E731
    assert named(errors_part) == set(LINTS) - WARNINGS
    assert named(warnings_part.split("advisor: warning:", 1)[0]) == set(WARNINGS)
