"""The collector is held off while a command process starts, and only then (advisor/startup.py)."""

from __future__ import annotations

import gc
import subprocess
import sys

from advisor import startup


def test_hold_and_release_freeze_what_start_up_made():
    assert gc.isenabled()
    before = gc.get_freeze_count()
    try:
        startup.hold()
        assert not gc.isenabled()
        made = [[] for _ in range(100)]  # objects of the start-up
        startup.release()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
        startup.release()  # a second release changes nothing
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_release_without_hold_changes_nothing():
    assert gc.isenabled()
    before = gc.get_freeze_count()
    startup.release()
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_hold_leaves_a_collector_someone_else_turned_off_alone():
    gc.disable()
    try:
        startup.hold()
        startup.release()
        assert not gc.isenabled()  # not ours to turn on
    finally:
        gc.enable()


def test_a_command_run_in_process_never_touches_the_collector(cli, write):
    before = gc.get_freeze_count()
    cli("evaluate", write("a.json", "{}"), "--format", "json")
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_a_command_process_collects_again_once_the_knowledge_is_loaded(tmp_path):
    """After load_kb the collector is on, and the knowledge base is frozen with the rest."""
    code = (
        "import gc, sys\n"
        "from advisor import cli\n"
        "from advisor.commands import common\n"
        "seen = []\n"
        "real = common.load_kb\n"
        "def spy(*a, **k):\n"
        "    seen.append(gc.isenabled())\n"
        "    kb = real(*a, **k)\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
        "    return kb\n"
        "import advisor.commands.evaluate as ev\n"
        "ev.load_kb = spy\n"
        "status = cli.main(['evaluate', sys.argv[1], '--format', 'json'])\n"
        "print(seen, gc.isenabled(), status, file=sys.stderr)\n"
    )
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", code, str(answers)], capture_output=True, text=True, check=True)
    assert r.stderr.strip() == "[False, (True, True)] True 0"
