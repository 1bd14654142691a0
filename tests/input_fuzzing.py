"""What the input fuzz tests share (tests/test_fuzz_*.py): Hypothesis strategies for the inputs
the commands read, and the commands that read them. The property itself is tests/fuzzing.py's
:func:`check`; the fuzz tests count their cases in :data:`fuzzing.CASES`."""

from __future__ import annotations

import json
from pathlib import Path

from fuzzing import CASES, check, run
from hypothesis import example
from hypothesis import strategies as st

from advisor import kb as kbmod
from advisor.answers import load_answers
from advisor.errors import InputError
from advisor.explain.parse import parse
from advisor.inputs import read_text
from advisor.kb import TraitType

ROOT = Path(__file__).resolve().parent.parent
KB = kbmod.builtin()
EXAMPLE = str(ROOT / "examples" / "global-static-site.json")
QUESTION = ROOT / "examples" / "exam-question.txt"

EVALUATE = "arch-advisor/evaluate"
#: explain reads one question (arch-advisor/explain) or a list of them (arch-advisor/explain-batch)
EXPLAIN = ("arch-advisor/explain", "arch-advisor/explain-batch")
IDS = {"explain": "arch-advisor/explain", "how": "arch-advisor/how", "why-not": "arch-advisor/why-not", "diff": "arch-advisor/diff"}


# ------------------------------------------------------------------------------- strategies

leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and ±Infinity included: json.dumps writes them as NaN / Infinity
    | st.text(max_size=30)
)
json_value = st.recursive(
    leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=16
)


def _trait_value(q) -> st.SearchStrategy:
    if q.type is TraitType.BOOL:
        typed = st.booleans()
    elif q.type is TraitType.CHOICE:
        typed = st.sampled_from(q.choice_values())
    else:
        typed = st.floats(min_value=q.min, max_value=q.max) | st.integers(int(q.min), int(q.max))
    return st.one_of(typed, typed, typed, st.none(), leaf)


#: answer sets, mostly well formed, so that the engine, HOW, WHY NOT and diff run on them too
answer_set = st.fixed_dictionaries({}, optional={q.trait: _trait_value(q) for q in KB.questions.values()})
answers_like = st.one_of(
    answer_set,
    answer_set,
    st.builds(lambda a, junk: {**a, **junk}, answer_set, st.dictionaries(st.text(max_size=12), leaf, max_size=2)),
)
option_text = st.text(min_size=0, max_size=40)
question_like = st.fixed_dictionaries(
    {"question": st.one_of(st.text(max_size=200), st.sampled_from([QUESTION.read_text(encoding="utf-8").split("\nA.")[0]]), leaf)},
    optional={
        "options": st.one_of(
            st.dictionaries(st.sampled_from(list("ABCDEFGHIJKabc1 ")) | st.text(max_size=3), option_text | leaf, max_size=6),
            st.lists(option_text | leaf, max_size=12),
            leaf,
        ),
        "choose": st.one_of(st.integers(-2, 12), leaf),
        "answer": st.one_of(st.text(max_size=3), st.lists(st.sampled_from(list("ABCDZ")) | leaf, max_size=3), leaf),
        "extra": leaf,
    },
)


@st.composite
def serialized(draw, values) -> bytes:
    """A JSON value as a file: compact or indented, ASCII-escaped or not."""
    value = draw(values)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    return text.encode("utf-8", "surrogatepass")


def examples(cases):
    """Explicit Hypothesis examples, one per distinct shape of an input class: always run, besides
    the random cases of the budget."""

    def decorate(test):
        for case in reversed(cases):
            test = example(**case)(test)
        return test

    return decorate


def write_input(scratch: Path, data: bytes, name: str = "input.json") -> str:
    path = scratch / name
    path.write_bytes(data)
    return str(path)



# ------------------------------------------------------------------------------- the commands

def answers_commands(path: str, fmt: str, evaluate: bool = True):
    """(argv, check options) of every command that reads ``path`` as answers or a question."""
    json_fmt = fmt == "json"
    if evaluate:
        yield ("evaluate", path, "--format", fmt), {"batch": True, "format_id": EVALUATE if json_fmt else None}
    yield ("why-not", "AWS WAF", "--answers", path, "--format", fmt), {"format_id": IDS["why-not"] if json_fmt else None}
    yield ("how", "Amazon CloudFront", "--answers", path, "--format", fmt), {"format_id": IDS["how"] if json_fmt else None}
    yield ("diff", EXAMPLE, path, "--format", fmt), {"format_id": IDS["diff"] if json_fmt else None}
    yield ("explain", path, "--format", fmt), {"batch": True, "format_id": EXPLAIN if json_fmt else None}


def everything(label: str, path: str, fmt: str = "json", *, evaluate: bool = True, names=None) -> None:
    """Run every command on ``path`` and the loaders directly; count the case."""
    CASES[label] += 1
    names = names or [path]
    for argv, options in answers_commands(path, fmt, evaluate):
        check(run(*argv), names + [EXAMPLE], **options)
    loaders(path)


def loaders(path: str) -> None:
    """The loaders behind the commands raise InputError or return; nothing else."""
    try:
        load_answers(KB, path)
    except InputError as exc:
        assert "\n" not in str(exc)
    try:
        name, text = read_text(path)
        parse(name, text)
    except InputError as exc:
        assert "\n" not in str(exc)
