"""Fuzzing the knowledge loader, now that a team's own knowledge base (--kb) is user input: random
edits of valid knowledge files, and generated TOML documents built from the loader's own keys;
hostile text (escape sequences, BiDi, markup) in every text field, and regexes with nested
quantifiers (catastrophic backtracking), which must be refused at load with file:line.

The property: loading either succeeds or raises KnowledgeError with one line ``file:line: ...``;
a base that loads can be linted and compiled; ``advisor schema`` and ``advisor kb check`` on it
exit 0 or 1 with one-line messages, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from fuzzing import CASES, fuzz, run
from hypothesis import given
from hypothesis import strategies as st

from advisor import kb as kbmod
from advisor.engine import engine_for
from advisor.errors import KnowledgeError
from advisor.kb.lint import check
from advisor.kb.loader import kinds

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "kb_good" / "kb.toml", *sorted((ROOT / "examples" / "custom-kb").glob("*.toml"))]
_MESSAGE = re.compile(r"^.+:\d+: \S")


def load_and_use(directory: Path) -> None:
    try:
        base = kbmod.load([directory], builtin=False)
    except KnowledgeError as exc:
        message = str(exc)
        assert "\n" not in message and _MESSAGE.match(message), message
    else:
        for finding in check(base):
            assert "\n" not in str(finding)
        engine_for(base).evaluate({})
    for argv in (["schema", "--kb-only", "--kb", str(directory)], ["kb", "check", "--kb-only", "--kb", str(directory)]):
        r = run(*argv)
        assert r.status in (0, 1), (argv, r.stderr)
        assert "Traceback" not in r.stderr
        if argv[0] == "schema":
            if r.status == 0:
                json.loads(r.stdout)
            else:
                assert r.stdout == "" and r.stderr.count("\n") == 1, r.stderr


@pytest.mark.slow
@fuzz(100)
@given(
    source=st.sampled_from(SOURCES),
    edits=st.lists(
        st.tuples(
            st.integers(0, 20_000),
            st.sampled_from(["delete", "insert", "replace", "line"]),
            st.binary(min_size=1, max_size=4) | st.sampled_from([b"[", b"]", b"=", b'"', b"\n", b"{", b"}", b"[[rule]]\n", b"x", b"1e999", b"-"]),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_random_edits_of_knowledge_files(tmp_path_factory, source, edits):
    data = bytearray(source.read_bytes())
    for at, how, chunk in edits:
        at %= len(data) + 1
        if how == "delete":
            del data[at : at + len(chunk) * 3]
        elif how == "insert":
            data[at:at] = chunk
        elif how == "replace":
            data[at : at + len(chunk)] = chunk
        else:  # drop the line at that place
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            del data[start : (end + 1 if end >= 0 else len(data))]
    directory = tmp_path_factory.mktemp("kb")
    (directory / source.name).write_bytes(bytes(data))
    CASES["knowledge: random edit"] += 1
    load_and_use(directory)


# ------------------------------------------------------------------------------- generated TOML

KEYS = sorted({k for required, optional in (kind.keys() for kind in kinds().values()) for k in required | optional})
IDS = ["a", "b", "cdn-note", "static_content", "use-cdn", "x-y", "Bad Id", "", "runs-lambda"]
scalar = (
    st.sampled_from(IDS)
    | st.text(max_size=12)
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.floats()
    | st.sampled_from(["recommend", "derive", "bool", "number", "choice", "dev", "en", "ko", "(?:x", "a{2,1}", ".*", "static"])
)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS + ["trait", "fact", "is", "in", "lt", "zz"]), inner, max_size=4),
    max_leaves=10,
)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # JSON string escapes are TOML basic-string escapes (a lone surrogate is a syntax error)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + " }"


items = st.lists(
    st.tuples(
        st.sampled_from(sorted(kinds()) + ["rules", "nope"]),
        st.dictionaries(st.sampled_from(KEYS), value, max_size=9),
    ),
    min_size=1,
    max_size=5,
)


def write_items(tmp_path_factory, items, *, key) -> Path:
    """A knowledge folder of one file holding ``items`` ((kind, table) pairs) as TOML arrays of
    tables; ``key`` writes a key (bare as generated, or quoted)."""
    lines = []
    for kind, table in items:
        lines.append(f"[[{kind}]]")
        lines.extend(f"{key(k)} = {toml_value(v)}" for k, v in table.items())
        lines.append("")
    directory = tmp_path_factory.mktemp("kb")
    (directory / "kb.toml").write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    return directory


@pytest.mark.slow
@fuzz(100)
@given(items=items)
def test_generated_knowledge_documents(tmp_path_factory, items):
    CASES["knowledge: generated document"] += 1
    load_and_use(write_items(tmp_path_factory, items, key=str))


# ------------------------------------------------------------------------------- perturbed valid items

def _valid_items() -> list[tuple[str, dict]]:
    import tomllib

    out = []
    for source in SOURCES:
        for kind, entries in tomllib.loads(source.read_text(encoding="utf-8")).items():
            out.extend((kind, entry) for entry in entries)
    return out


VALID = _valid_items()


@st.composite
def perturbed(draw):
    """Valid items with a few keys dropped, replaced by other values, or added."""
    chosen = draw(st.lists(st.sampled_from(VALID), min_size=1, max_size=6))
    out = []
    for kind, entry in chosen:
        entry = dict(entry)
        for _ in range(draw(st.integers(0, 3))):
            op = draw(st.sampled_from(["drop", "replace", "add", "condition"]))
            keys = sorted(entry)
            if op == "drop" and keys:
                entry.pop(draw(st.sampled_from(keys)))
            elif op == "replace" and keys:
                entry[draw(st.sampled_from(keys))] = draw(value)
            elif op == "add":
                entry[draw(st.sampled_from(KEYS + ["extra"]))] = draw(value)
            elif op == "condition" and isinstance(entry.get("when"), list):
                fields = st.sampled_from(["trait", "fact", "is", "in", "not_in", "lt", "ge", "zz"])
                entry["when"] = entry["when"] + [draw(st.dictionaries(fields, scalar, min_size=1, max_size=3))]
        out.append((kind, entry))
    return out


@pytest.mark.slow
@fuzz(150)
@given(items=perturbed())
def test_perturbed_valid_knowledge(tmp_path_factory, items):
    CASES["knowledge: perturbed valid items"] += 1
    load_and_use(write_items(tmp_path_factory, items, key=json.dumps))


# ------------------------------------------------------------------------------- issue 14

from fuzzing import assert_terminal_safe, hostile_text  # noqa: E402

_GOOD = (ROOT / "tests" / "kb_good" / "kb.toml").read_text(encoding="utf-8")
#: the text fields of the good mini-base a hostile value is put into (TOML basic strings)
_FIELDS = ['"Static?"', '"Help."', '"S3"', '"Use a CDN"']


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (every control escaped, as TOML requires)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("?")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@pytest.mark.slow
@fuzz(30)
@given(text=hostile_text(st, 40), field=st.sampled_from(_FIELDS))
def test_control_characters_and_markup_in_every_knowledge_text(tmp_path_factory, text, field):
    """Note text, section, rule title, question prompt and help from a --kb directory: `kb check`
    flags what a terminal would act on (the control-character lint), and no command prints it raw."""
    from advisor.safetext import UNSAFE

    CASES["hostile text: knowledge"] += 1
    assert field in _GOOD
    d = tmp_path_factory.mktemp("hostile-kb")
    (d / "kb.toml").write_text(_GOOD.replace(field, _toml_string(text), 1), encoding="utf-8")
    r = run("kb", "check", "--kb-only", "--kb", str(d))
    assert_terminal_safe(r)
    assert r.status in (0, 1) and "Traceback" not in r.stderr
    flagged = ": control-character: " in r.stdout
    if r.stdout:  # it loaded (a blank prompt, say, is refused by the loader first)
        assert flagged == bool(UNSAFE.search(text)), (text, r.stdout)
    if not flagged and r.status == 0:
        for argv in (["schema", "--kb-only", "--kb", str(d)],
                     ["how", "use-cdn", "--answers", "-", "--kb-only", "--kb", str(d)]):
            r = run(*argv, stdin=b'{"static_content": true}')
            assert_terminal_safe(r)
            assert r.status == 0, r.stderr


_ATOMS = ["[a-z]", "\\w", "\\S", "a", "[0-9]", ".", "(?:ab|a)", "\\d", "[a-z ]"]
_INNER = ["+", "*", "{1,}", "{2,9}"]
_OUTER = ["+", "*", "{1,}", "{0,50}", "{4,}"]


@pytest.mark.slow
@fuzz(40)
@given(atom=st.sampled_from(_ATOMS), inner=st.sampled_from(_INNER), outer=st.sampled_from(_OUTER),
       glue=st.sampled_from(["", " ?", "-?", "\\s?", "\\s*", "x?"]), before=st.sampled_from(["", "login ", "(?:signed|logged) "]),
       after=st.sampled_from(["", " out", "(?:signed|logged) out", "!"]), kind=st.sampled_from(["cue", "claim"]))
def test_pathological_regexes_are_refused_at_load(tmp_path_factory, atom, inner, outer, glue, before, after, kind):
    """A quantifier nested in an unbounded one (the shape of catastrophic backtracking) is refused
    with file:line when the knowledge is loaded, in a cue or a claim (issue 14 #12)."""
    CASES["pathological regex"] += 1
    pattern = f"{before}(?:{atom}{inner}{glue}){outer}{after}"
    d = tmp_path_factory.mktemp("regex-kb")
    if kind == "cue":
        body = f'[[cue]]\nid = "x"\ntrait = "static_content"\nvalue = true\nen = [{json.dumps(pattern)}]\n'
    else:
        body = (f'[[claim]]\nid = "x"\nholds = true\nnotes = ["n"]\nbecause = {{ en = "b", ko = "b" }}\n'
                f'all = [[{json.dumps(pattern)}]]\n')
    (d / "kb.toml").write_text("# generated\n\n" + body, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        kbmod.load([d], builtin=False)
    message = str(caught.value)
    assert "backtrack catastrophically" in message and re.match(r"^.+kb\.toml:\d+: ", message), message
