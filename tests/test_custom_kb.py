"""Custom knowledge bases: --kb DIR (repeatable), ADVISOR_KB, --kb-only, on every command that loads
knowledge; the load-time gate (error-level findings refuse a base, warnings are printed); and
`advisor kb check --kb DIR`, which lists every finding instead of refusing."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import share_base
from fuzzing import run

from advisor import kb as kbmod
from advisor.commands.common import kb_dirs
from advisor.env import Env
from advisor.errors import ExitStatus, UsageError
from advisor.kb import loader
from advisor.kb.lint import LINTS, WARNINGS

ROOT = Path(__file__).resolve().parent.parent
TEAM = str(ROOT / "examples" / "custom-kb")
TEAM_ANSWERS = str(ROOT / "examples" / "custom-kb" / "answers.json")
GOOD = str(Path(__file__).parent / "kb_good")
BROKEN = Path(__file__).parent / "kb_broken"
EXAMPLE = str(ROOT / "examples" / "global-static-site.json")
TEAM_RULES = {"team-session-store-elasticache", "team-elasticache-security-group", "team-sticky-sessions-end-at-scale-in"}
TEAM_QUESTION = """A web application runs on EC2 instances in an Auto Scaling group behind an Application Load Balancer.
Each instance keeps the user sessions in the memory of the web server, and users are signed out whenever
the group scales in. Which change keeps users signed in?
A. Turn on sticky sessions for the target group.
B. Keep the sessions in an Amazon ElastiCache cache that every instance uses.
C. Lengthen the health check grace period of the Auto Scaling group.
D. Give every instance an Elastic IP address.
"""


@pytest.fixture(scope="module", autouse=True)
def each_base_loaded_once():
    """Every command here loads, checks and compiles the bases it is given, about sixty times; the
    same knowledge files give the same base (kbcache's key: their content, the code, the working
    directory), so in this module a base is loaded once per key and shared, with its check and its
    compiled engine. A changed file is a new key, and a base that fails to load is never kept."""
    from advisor.kb import cache as kbcache

    real = kbcache.cached
    loaded: dict[str, object] = {}

    def cached(files, flags, load, prepare=None):
        digest = kbcache.key(files, flags)
        if digest is None:
            return real(files, flags, load, prepare)
        if digest not in loaded:
            loaded[digest] = share_base(real(files, flags, load, prepare))
        return loaded[digest]

    patch = pytest.MonkeyPatch()
    patch.setattr(kbcache, "cached", cached)
    yield
    patch.undo()


def fired(r) -> set[str]:
    doc = json.loads(r.stdout)
    return {c["rule"] for c in doc["results"][0]["conclusions"]}


# ------------------------------------------------------------------------------- the sample base

def test_the_sample_base_extends_evaluate():
    r = run("evaluate", TEAM_ANSWERS, "--kb", TEAM, "--format", "json")
    assert r.status == 0, r.stderr
    assert TEAM_RULES <= fired(r)
    assert {"alb-sticky-sessions", "auto-scaling-elb-health-checks"} <= fired(r)  # the built-in rules still fire
    assert r.stderr == ""


def test_without_the_base_its_trait_is_unknown():
    r = run("evaluate", TEAM_ANSWERS, "--format", "json")
    assert r.status == 1 and "unknown trait 'sessions_survive_scale_in'" in r.stderr


def test_the_sample_base_passes_kb_check():
    r = run("kb", "check", "--kb", TEAM, "--format", "json")
    assert r.status == 0, r.stdout
    doc = json.loads(r.stdout)
    assert doc["ok"] and doc["findings"] == []
    builtin = kbmod.builtin()
    assert doc["counts"]["notes"] == len(builtin.notes) + 2
    assert doc["counts"]["rules"] == len(builtin.rules) + 3


def test_the_environment_variable_loads_the_same_base():
    by_option = run("evaluate", TEAM_ANSWERS, "--kb", TEAM, "--format", "json")
    by_env = run("evaluate", TEAM_ANSWERS, "--format", "json", environ={"ADVISOR_KB": TEAM})
    assert by_env.status == 0 and by_env.stdout == by_option.stdout


@pytest.mark.slow
def test_the_environment_variable_is_a_path_list_and_kb_adds_to_it(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "more.toml").write_text(
        """
[[note]]
id = "team-cache-sizing"
topic = "sessions"
section = "Platform handbook › Web tier"
seed_lines = [20]
en = "Size the session cache for the peak number of signed-in users."
ko = "세션 캐시는 로그인한 사용자가 가장 많을 때를 기준으로 크기를 정한다."

[[rule]]
id = "team-size-the-session-cache"
kind = "advise"
title = { en = "Size the session cache for the peak of signed-in users", ko = "세션 캐시 크기를 로그인 사용자 최대치에 맞추세요" }
notes = ["team-cache-sizing"]
when = [{ fact = "team-shared-session-store" }]
""",
        encoding="utf-8",
    )
    environ = {"ADVISOR_KB": os.pathsep.join(["", TEAM, ""])}  # empty entries are ignored
    r = run("evaluate", TEAM_ANSWERS, "--kb", str(extra), "--format", "json", environ=environ)
    assert r.status == 0, r.stderr
    assert "team-size-the-session-cache" in fired(r) and TEAM_RULES <= fired(r)
    # the extension needs the team base's fact: alone on top of the built-in base it is refused
    alone = run("evaluate", TEAM_ANSWERS, "--kb", str(extra), "--format", "json")
    assert alone.status == 1 and "unknown-derived-fact" in alone.stderr and alone.stdout == ""


def test_directories_are_loaded_once_and_the_builtin_one_is_not_added_twice():
    args = argparse.Namespace(kb_dirs=[TEAM, TEAM + "/", str(kbmod.builtin_dir())], kb_only=False)
    dirs, only = kb_dirs(args, Env(None, None, None, {"ADVISOR_KB": TEAM}))
    assert [str(d) for d in dirs] == [TEAM] and not only
    r = run("schema", "--kb", TEAM, "--kb", TEAM, environ={"ADVISOR_KB": TEAM})
    assert r.status == 0, r.stderr


def test_kb_only_replaces_the_builtin_base():
    r = run("schema", "--kb-only", "--kb", GOOD)
    assert r.status == 0, r.stderr
    assert set(json.loads(r.stdout)["$defs"]["answers"]["properties"]) == {"static_content", "_consultation"}
    r = run("evaluate", EXAMPLE, "--kb-only", "--kb", GOOD, "--format", "json")
    assert r.status == 1 and "unknown trait 'global_users'" in r.stderr


def test_kb_only_without_a_directory_is_a_usage_error():
    r = run("schema", "--kb-only")
    assert r.status == ExitStatus.USAGE and r.stderr.count("\n") == 1 and "--kb-only" in r.stderr
    with pytest.raises(UsageError):
        kb_dirs(argparse.Namespace(kb_dirs=[], kb_only=True), Env(None, None, None, {"ADVISOR_KB": os.pathsep}))


@pytest.mark.parametrize("problem, fragment", [("missing", "no such knowledge directory"), ("file", "not a directory"), ("empty", "holds no *.toml")])
def test_a_bad_kb_directory_is_one_line(tmp_path, problem, fragment):
    path = tmp_path / "kb"
    if problem == "file":
        path.write_text("x", encoding="utf-8")
    elif problem == "empty":
        path.mkdir()
    r = run("evaluate", EXAMPLE, "--kb", str(path))
    assert r.status == 1 and r.stderr.count("\n") == 1 and fragment in r.stderr and r.stdout == ""


# ------------------------------------------------------------------------------- every command

COMMANDS = {
    "evaluate": (["evaluate", TEAM_ANSWERS, "--format", "json"], lambda out: TEAM_RULES <= {c["rule"] for c in json.loads(out)["results"][0]["conclusions"]}),
    "how": (["how", "team-elasticache-security-group", "--answers", TEAM_ANSWERS, "--format", "json"], lambda out: '"team-shared-session-store"' in out),
    "why-not": (["why-not", "Amazon ElastiCache", "--answers", EXAMPLE, "--format", "json"], lambda out: "sessions_survive_scale_in" in out),
    "diff": (["diff", EXAMPLE, TEAM_ANSWERS, "--format", "json"], lambda out: "team-session-store-elasticache" in out),
    # the built-in knowledge answers B too (session state in a shared store), so look for the team's own claim
    "explain": (["explain", "QUESTION", "--format", "json"],
                lambda out: json.loads(out)["answer"] == ["B"] and "team-sticky-sessions-survive-scale-in" in out),
    "quiz": (["quiz", "--topic", "sessions", "--answers", "B"], lambda out: "Score: 1/1" in out),
    "notes": (["notes", "team-sessions-in-elasticache", "--format", "json"], lambda out: "team-sessions-scale-in" in out),
    "progress": (["progress", "--topic", "sessions", "--format", "json"], lambda out: '"topic": "sessions"' in out),
    "kb export": (["kb", "export"], lambda out: "team-sessions-in-elasticache" in out),
    "kb check": (["kb", "check"], lambda out: f"{len(kbmod.builtin().notes) + 2} notes" in out and "no findings" in out),
    "schema": (["schema"], lambda out: "sessions_survive_scale_in" in out),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_the_custom_base(tmp_path, command):
    question = tmp_path / "question.txt"
    question.write_text(TEAM_QUESTION, encoding="utf-8")
    argv, sees_it = COMMANDS[command]
    argv = [str(question) if a == "QUESTION" else a for a in argv]
    for r in (run(*argv, "--kb", TEAM), run(*argv, environ={"ADVISOR_KB": TEAM})):
        assert r.status == 0, r.stderr
        assert sees_it(r.stdout), r.stdout[:500]
    # and without it, the team's knowledge is absent
    without = run(*argv)
    assert without.status != 0 or not sees_it(without.stdout)


def test_consult_asks_the_custom_question(tmp_path):
    from consult_driver import PipedPrompter
    from prompt_toolkit.input import create_pipe_input

    from advisor.cli import build_parser
    from advisor.commands import consult

    args = build_parser().parse_args(["consult", "--kb", TEAM, "--save", str(tmp_path / "a.json")])
    answers = {"load_balancer": True, "in_auto_scaling_group": True, "session_on_instance": True, "sessions_survive_scale_in": True}

    def script(q, i):
        value = answers.get(q.trait)
        return "d" if value is None else ("y" if value else "n")

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out, err = io.StringIO(), io.StringIO()
    with create_pipe_input() as pipe:
        # the design: instances in an Auto Scaling group behind a load balancer; the team's
        # question belongs to no part, so it is asked whatever the parts
        prompter = PipedPrompter("en", pipe, script, menu=["\r"], parts=["ec2-fleet", "load-balancer", "auto-scaling-group"])
        status = consult.run(args, Env(stdin=Tty(), stdout=out, stderr=err, environ={}), prompter=prompter)
    assert status == ExitStatus.OK, err.getvalue()
    assert "sessions_survive_scale_in" in prompter.prompts
    assert "Keep the sessions in a shared Amazon ElastiCache cache" in out.getvalue()
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["sessions_survive_scale_in"] is True


# ------------------------------------------------------------------------------- the gate

ERRORS = sorted(set(LINTS) - WARNINGS)


@pytest.mark.parametrize("lint", ERRORS)
def test_a_base_with_an_error_is_refused_at_load(lint):
    base = str(BROKEN / lint)
    r = run("schema", "--kb-only", "--kb", base)
    assert r.status == ExitStatus.INVALID and r.stdout == ""
    assert r.stderr.count("\n") == 1, r.stderr
    message = r.stderr.removeprefix("advisor: error: ")
    # file:line: lint-id: item: message, the cause first
    assert message.split(": ")[1] == lint, message
    path, line = message.split(": ")[0].rsplit(":", 1)
    assert path.endswith("kb.toml") and int(line) >= 1
    # kb check lists every finding instead of refusing
    check = run("kb", "check", "--kb-only", "--kb", base)
    assert check.status == ExitStatus.INVALID
    assert f": {lint}: " in check.stdout and "finding" in check.stderr
    found = json.loads(run("kb", "check", "--kb-only", "--kb", base, "--format", "json").stdout)["findings"]
    assert {"lint": lint, "severity": "error"}.items() <= next(f for f in found if f["lint"] == lint).items()


@pytest.mark.parametrize("lint", sorted(WARNINGS))
def test_a_base_with_only_warnings_loads_and_warns(lint):
    base = str(BROKEN / lint)
    r = run("kb", "export", "--kb-only", "--kb", base)
    from advisor.kb.lint import check

    findings = check(kbmod.load([Path(base)], builtin=False))
    errors = [f for f in findings if f.severity == "error"]
    if errors:  # a rule that needs an underived fact cannot fire: that part is an error
        assert r.status == 1 and str(errors[0]) in r.stderr
        return
    assert r.status == 0 and json.loads(r.stdout)["notes"] is not None
    warnings = [line for line in r.stderr.splitlines()]
    assert warnings and all(line.startswith("advisor: warning: ") and f": {lint}: " in line for line in warnings)
    assert len(warnings) == len(set(warnings)) == len(findings)


def test_the_refusal_counts_the_other_errors(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(BROKEN / "rule-cites-unknown-note", kb)
    text = (kb / "kb.toml").read_text(encoding="utf-8")
    (kb / "kb.toml").write_text(text + '\n[[derived]]\nid = "x"\nen = "x"\nko = "x"\n[[derived]]\nid = "x"\nen = "y"\nko = "y"\n', encoding="utf-8")
    r = run("schema", "--kb-only", "--kb", str(kb))
    assert r.status == 1 and r.stderr.count("\n") == 1
    assert "(and 1 more error; 'advisor kb check' with the same --kb options lists them all)" in r.stderr
    assert run("kb", "check", "--kb-only", "--kb", str(kb)).stdout.count("\n") == 3  # 2 errors and a warning


def _team_edited(tmp_path, old: str, new: str) -> tuple[Path, str]:
    """A copy of the sample team base with ``old`` replaced by ``new`` in its sessions.toml:
    the folder, and the file's new text."""
    kb = tmp_path / "team"
    shutil.copytree(TEAM, kb)
    rules = kb / "sessions.toml"
    text = rules.read_text(encoding="utf-8").replace(old, new)
    rules.write_text(text, encoding="utf-8")
    return kb, text


@pytest.mark.slow
def test_a_missing_trait_is_refused_with_the_rules_place(tmp_path):
    """A team rule testing a trait nobody asks: refused when loaded on top of the built-in base."""
    kb, text = _team_edited(tmp_path, 'trait = "sessions_survive_scale_in", is = true },\n]\nderives',
                            'trait = "sesions_survive_scale_in", is = true },\n]\nderives')
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln == 'id = "team-session-store-elasticache"') - 1
    r = run("evaluate", EXAMPLE, "--kb", str(kb))
    assert r.status == 1 and r.stdout == ""
    assert f"sessions.toml:{line}: trait-not-asked: team-session-store-elasticache: tests trait 'sesions_survive_scale_in'" in r.stderr


@pytest.mark.slow
def test_a_cycle_of_derived_facts_is_refused(tmp_path):
    kb, _ = _team_edited(tmp_path, 'when = [{ fact = "team-shared-session-store" }]',
                         'when = [{ fact = "team-shared-session-store" }]\nderives = ["behind-load-balancer"]')
    r = run("schema", "--kb", str(kb))
    assert r.status == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert ": derived-cycle: " in r.stderr and "team-shared-session-store" in r.stderr


@pytest.mark.parametrize("content, fragment", [
    ("[[rule]\nid = 'x'\n", "TOML syntax error"),
    ('[[note]]\nid = "a"\ntopic = "t"\nsection = "s"\nseed_lines = "1"\nen = "e"\nko = "k"\n', "'seed_lines' must be a non-empty list"),
    ('[[note]]\nid = "a"\ntopic = "t"\nsection = "s"\nseed_lines = [1]\nen = "e"\nko = "k"\ncolour = "red"\n', "unknown key 'colour'"),
    ('[[rule]]\nid = "r"\nkind = "recommend"\ntitle = "plain"\nnotes = ["n"]\nwhen = [{ trait = "x", is = true }]\n', "'title' must be a table"),
    ('[[rule]]\nid = "r"\nkind = "suggest"\ntitle = { en = "a", ko = "b" }\nnotes = ["n"]\nwhen = [{ trait = "x", is = true }]\n', "'kind' must be one of"),
    ('[[cue]]\nid = "c"\ntrait = "t"\nvalue = true\nen = ["a{99999999999}"]\n', "not a valid regular expression"),
    ("x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    ("[[note]]\nseed_lines = [" + "9" * 5000 + "]\n", "more than 4300 digits"),
    ('[[derived]]\nid = "a\\n"\nen = "x"\nko = "y"\n', "not a valid id"),
    ('[[question]]\ntrait = "t"\ntype = "number"\ntopic = "x"\nmin = 0\nmax = inf\nunit = "GB"\n'
     'prompt = { en = "a", ko = "b" }\nhelp = { en = "a", ko = "b" }\n', "finite number"),
])
def test_malformed_knowledge_is_refused_with_file_and_line(tmp_path, content, fragment):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "bad.toml").write_text(content, encoding="utf-8")
    for argv in (["schema", "--kb", str(kb)], ["kb", "check", "--kb-only", "--kb", str(kb)]):
        r = run(*argv)
        assert r.status == 1 and r.stdout == "" and r.stderr.count("\n") == 1, r.stderr
        assert fragment in r.stderr and "bad.toml:" in r.stderr, r.stderr


def test_the_builtin_base_goes_through_the_same_gate(tmp_path, monkeypatch):
    """A broken built-in knowledge base (here a rule on a trait no question asks) is refused at
    load with the rule's file:line, like a custom one."""
    copy = tmp_path / "knowledge"
    shutil.copytree(kbmod.builtin_dir(), copy)
    rules = copy / "rules" / "load-balancing.toml"
    text = rules.read_text(encoding="utf-8").replace('{ trait = "session_on_instance", is = true }', '{ trait = "session_in_memory", is = true }', 1)
    rules.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln == 'id = "alb-sticky-sessions"') - 1
    monkeypatch.setattr(loader, "BUILTIN_DIR_CANDIDATES", (copy,))
    monkeypatch.setattr(loader, "_BUILTIN", None)
    r = run("evaluate", EXAMPLE)
    assert r.status == 1 and r.stdout == ""
    assert f"load-balancing.toml:{line}: trait-not-asked: alb-sticky-sessions:" in r.stderr
    (copy / "rules" / "load-balancing.toml").write_text("[[rule]\n", encoding="utf-8")
    monkeypatch.setattr(loader, "_BUILTIN", None)
    r = run("schema")
    assert r.status == 1 and "load-balancing.toml:1: TOML syntax error" in r.stderr


def test_knowledge_is_never_run_as_code(tmp_path):
    """Texts and patterns that look like code stay text: nothing is executed or imported."""
    marker = tmp_path / "ran"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    kb = tmp_path / "kb"
    shutil.copytree(BROKEN.parent / "kb_good", kb)
    text = (kb / "kb.toml").read_text(encoding="utf-8")
    text = text.replace('title = { en = "Use a CDN"', f"title = {{ en = {json.dumps(payload)}")
    text = text.replace('en = ["cdn", "cloudfront"]', f'en = ["cdn", "cloudfront", {json.dumps(re.escape(payload))}]')
    (kb / "kb.toml").write_text(text, encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text('{"static_content": true}', encoding="utf-8")
    r = run("evaluate", str(answers), "--kb-only", "--kb", str(kb), "--format", "json")
    assert r.status == 0, r.stderr
    assert payload in r.stdout  # shown as the title, as written
    question = tmp_path / "q.txt"
    question.write_text("A static site is slow. What helps?\nA. cdn\nB. x\n", encoding="utf-8")
    assert run("explain", str(question), "--kb-only", "--kb", str(kb)).status == 0
    assert not marker.exists()
