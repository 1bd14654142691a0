"""The suite's own scheduling (tests/fileorder.py): files handed out longest first."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import fileorder


def _items(*names: str) -> list:
    return [SimpleNamespace(path=Path("tests") / name, nodeid=f"tests/{name}::t{i}") for i, name in enumerate(names)]


def test_files_go_longest_first_keeping_their_tests_order(tmp_path, monkeypatch):
    seconds = tmp_path / "file_seconds.json"
    seconds.write_text(json.dumps({"test_a.py": 1.0, "test_b.py": 9.5}), encoding="utf-8")
    monkeypatch.setattr(fileorder, "FILE_SECONDS", seconds)
    items = _items("test_a.py", "test_new.py", "test_b.py", "test_a.py", "test_b.py")
    fileorder.pytest_collection_modifyitems(None, items)
    # b (9.5 s), then a (1 s), then the file not measured yet; within a file the order is kept
    assert [item.nodeid for item in items] == [
        "tests/test_b.py::t2", "tests/test_b.py::t4", "tests/test_a.py::t0", "tests/test_a.py::t3", "tests/test_new.py::t1",
    ]


def test_without_figures_the_order_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(fileorder, "FILE_SECONDS", tmp_path / "missing.json")
    items = _items("test_a.py", "test_b.py")
    fileorder.pytest_collection_modifyitems(None, items)
    assert [item.path.name for item in items] == ["test_a.py", "test_b.py"]


def test_the_committed_figures_name_files_that_exist():
    figures = json.loads(fileorder.FILE_SECONDS.read_text(encoding="utf-8"))
    here = {p.name for p in Path(fileorder.__file__).parent.glob("test_*.py")}
    assert set(figures) <= here, sorted(set(figures) - here)


def test_a_broken_figures_file_leaves_the_order_alone(tmp_path, monkeypatch):
    for text in ('["test_a.py"]', '{"test_a.py": "long"}', "not json"):
        (tmp_path / "f.json").write_text(text, encoding="utf-8")
        monkeypatch.setattr(fileorder, "FILE_SECONDS", tmp_path / "f.json")
        items = _items("test_a.py", "test_b.py")
        fileorder.pytest_collection_modifyitems(None, items)
        assert [item.path.name for item in items] == ["test_a.py", "test_b.py"], text
