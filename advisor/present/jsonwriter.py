"""The evaluate JSON of a batch, written straight to text (byte-equal to ``evaluation_json``; tests/test_report_json.py)."""

from __future__ import annotations

from json.encoder import encode_basestring as _enc
from typing import Any

from advisor import jsontext
from advisor.engine import Evaluation, Step
from advisor.kb import KnowledgeBase
from advisor.present.document import plain
from advisor.present.evaluation import _grounds
from advisor.present.words import Words


#: conclusion texts kept at the most (then forgotten, and written again as they come)
_MOST_KEPT = 100_000
_int_text = int.__repr__
_float_text = float.__repr__
_BIG = float("inf")
#: the types of values whose texts are kept by value (values that hash alike are then alike)
_KEPT = frozenset((bool, str))


class JsonWriter:
    """``jsontext.members(evaluation_json(kb, ev, words), level)``, byte for byte, written faster.

    A batch renders thousands of evaluations, each a few tens of kilobytes of JSON, nearly all of
    it text that depends only on the knowledge base, the language and the nesting level: a
    conclusion's kind, title, service, rule, notes and detail; the keys, quotes and indentation
    around every member; the name of each trait and rule. Those pieces are written once
    (:class:`_Pieces`, per rule, trait and step shape) and joined with what each evaluation brings
    (its values, fact numbers and step numbers). tests/test_report_json.py checks the equality.
    """

    def __init__(self, kb: KnowledgeBase, words: Words, level: int):
        self.kb = kb
        self.lang = words.lang
        self.level = level
        self._pieces = _Pieces(level)
        self._prefix: dict[str, str] = {}
        #: a conclusion's text up to its step number, by rule, what it matched and its grounds
        #: (when those values are booleans and strings: values that hash alike are then alike)
        self._conclusions: dict[tuple, str] = {}

    def _conclusion_prefix(self, rule) -> str:
        """A conclusion's members up to "because" (its text depends only on the rule)."""
        fixed = {
            "kind": rule.kind.value,
            "title": rule.title.get(self.lang),
            "service": rule.service,
            "rule": rule.id,
            "notes": list(rule.notes),
            "detail": rule.detail.get(self.lang) if rule.detail else None,
        }
        # a conclusion is an element of "conclusions": one level below the members
        text = jsontext.dumps(fixed, self.level + 1)
        closing = "\n" + "  " * (self.level + 1) + "}"
        assert text.endswith(closing)
        return text[: -len(closing)] + "," + self._pieces.member_nl + '"because": '

    def _conclusion(self, rule, step: Step, grounds: list[tuple[str, Any]]) -> str:
        """A conclusion's text up to its step number."""
        prefix = self._prefix.get(rule.id)
        if prefix is None:
            prefix = self._prefix[rule.id] = self._conclusion_prefix(rule)
        p = self._pieces
        return prefix + p.because(step.matched) + p.answers_head + p.mapping(grounds, p.member_nl) + p.step_head

    def members(self, ev: Evaluation) -> str:
        p = self._pieces
        nl = p.nl
        out = [nl, '"answers": ', p.mapping(ev.answers.items(), nl), "," + nl + '"conclusions": ']
        if ev.conclusions:
            grounds = None  # made when a conclusion needs it (not for one on a single answer)
            texts = self._conclusions
            if len(texts) > _MOST_KEPT:
                texts.clear()
            item_nl = p.item_nl
            sep = "[" + item_nl
            for c in ev.conclusions:
                step = c.step
                matched = step.matched
                if len(matched) == 1 and matched[0].derived is None and type(matched[0].value) in _KEPT:
                    # on one answer, a boolean or a string: the text depends on the rule, that
                    # trait and that value (what _Grounds.key finds, in a key of another shape)
                    key = (c.rule.id, matched[0].trait, matched[0].value)
                else:
                    if grounds is None:
                        grounds = _Grounds(ev.trace)
                    key = grounds.key(step)
                    if key is not None:
                        key = (c.rule.id, key)
                text = texts.get(key) if key is not None else None
                if text is None:
                    if grounds is None:
                        grounds = _Grounds(ev.trace)
                    text = self._conclusion(c.rule, step, grounds.of(step))
                    if key is not None:
                        texts[key] = text
                out += (sep, text, str(int(step.number)), p.item_close)
                sep = "," + item_nl
            out.append(nl + "]")
        else:
            out.append("[]")
        out.append("," + nl + '"trace": ')
        if ev.trace:
            e = p.e
            trace_head, rule_head, matched, declared, trace_close = p.trace_head, p.rule_head, p.matched, p.declared, p.trace_close
            tails = p.tails
            if len(tails) > _MOST_KEPT:
                tails.clear()
            sep = "[" + e
            for step in ev.trace:
                # a step's text after its number, kept whole for a step on one answer (a boolean
                # or a string) by all it shows: rule, fact number, trait, value, declarations
                ms = step.matched
                tail = None
                if len(ms) == 1:
                    m = ms[0]
                    value = m.value
                    if m.derived is None and type(value) in _KEPT and type(m.fact_id) is int:
                        key = (step.rule, m.fact_id, m.trait, value, step.derived, step.new, step.concluded)
                        tail = tails.get(key)
                        if tail is None:
                            tail = tails[key] = rule_head(step.rule) + matched(ms) + declared(step)
                if tail is None:
                    tail = rule_head(step.rule) + matched(ms) + declared(step)
                out += (sep, trace_head, str(int(step.number)), tail, trace_close)
                sep = "," + e
            out.append(nl + "]")
        else:
            out.append("[]")
        return "".join(out)


class _Grounds:
    """The answers each step rests on (``present.evaluation.grounds``), each step's found once per
    evaluation and shared by the steps that build on it.

    The engine's trace is ordered: a derived fact is matched only by steps after the one that
    first declared it, so the walk from a step through the producers of its derived facts goes
    to lower step numbers only, never in a circle, and what it finds below a step does not
    depend on the way it came there. A trace not so ordered is walked as ``grounds`` walks it.
    """

    __slots__ = ("derived_by", "done", "ordered")

    def __init__(self, trace: list[Step]):
        derived_by: dict[str, Step] = {}
        for step in trace:
            for name in step.new:
                derived_by.setdefault(name, step)
        self.derived_by = derived_by
        self.done: dict[int, tuple[dict[str, Any], tuple | None]] = {}
        self.ordered = all(
            derived_by[m.derived].number < step.number
            for step in trace for m in step.matched if m.derived is not None and m.derived in derived_by
        )

    def of(self, step: Step) -> list[tuple[str, Any]]:
        """(trait, value) sorted by trait."""
        if not self.ordered:
            return _grounds(self.derived_by, step)
        return sorted(self._seen(step)[0].items())

    def key(self, step: Step) -> tuple | None:
        """All that the text of a conclusion reached by ``step`` depends on besides its rule and
        number, when its values are booleans and strings (values that hash alike are then alike),
        else None: what it matched (a derived fact's name, or (trait, value)), and if it matched
        a derived fact, its grounds too (else they are the answers it matched)."""
        shape = []
        derived = False
        for m in step.matched:
            if m.derived is not None:
                shape.append(m.derived)
                derived = True
                continue
            value = m.value
            kind = type(value)
            if kind is not bool and kind is not str:
                return None
            shape.append((m.trait, value))
        if not derived:
            return ("answers", tuple(shape))
        if not self.ordered or self._seen(step)[1] is None:
            return None
        return ("derived", tuple(shape), tuple(self.of(step)))

    def _seen(self, step: Step) -> tuple[dict[str, Any], tuple | None]:
        """The step's grounds in the order the walk meets them, and its shape (see :meth:`key`)
        when every value on the way is a boolean or a string, else None."""
        done = self.done.get(id(step))
        if done is not None:
            return done
        seen: dict[str, Any] = {}
        shape: list | None = []
        for m in step.matched:
            if m.derived is None:
                value = m.value
                seen.setdefault(m.trait, value)
                if shape is not None:
                    kind = type(value)
                    if kind is bool or kind is str:
                        shape.append((m.trait, value))
                    else:
                        shape = None
                continue
            if shape is not None:
                shape.append(m.derived)
            producer = self.derived_by.get(m.derived)
            if producer is not None:
                below, plain_below = self._seen(producer)
                if plain_below is None:
                    shape = None
                for trait, value in below.items():
                    seen.setdefault(trait, value)
        done = self.done[id(step)] = (seen, tuple(shape) if shape is not None else None)
        return done


class _Pieces:
    """The fixed text of one nesting level: line breaks with their indentation, and the pieces
    around each key and value, made once per trait, rule and declaration."""

    def __init__(self, level: int):
        self.nl = nl = "\n" + "  " * level  # the members' own lines
        self.item_nl = nl + "  "  # an element of "conclusions"
        self.member_nl = self.item_nl + "  "  # a conclusion's members
        self.sub_nl = self.member_nl + "  "  # an element of its "because", a member of its "answers"
        self.sub_member = self.sub_nl + "  "
        self.answers_head = "," + self.member_nl + '"answers": '
        self.step_head = "," + self.member_nl + '"step": '
        self.item_close = self.item_nl + "}"
        self.e = e = nl + "  "  # an element of "trace"
        self.f = f = e + "  "  # its members
        self.g = g = f + "  "  # an element of "matched" or "declared"
        self.h = h = g + "  "  # its members
        self.trace_head = "{" + f + '"step": '
        self.trace_close = e + "}"
        self.fact_head = "{" + h + '"fact": '
        #: the text of a pair ("trait": value), of a "because" element, of a "matched" element after
        #: its fact number, by (trait, value) for a boolean or string value, or by derived fact
        self._entries: dict[tuple, str] = {}
        #: the text of a key and its colon, for pairs whose text is not kept (numbers)
        self._keys: dict[Any, str] = {}
        self._rules: dict[str, str] = {}
        self._because: dict[Any, str] = {}
        self._matched: dict[Any, str] = {}
        self._matched_whole: dict[tuple, str] = {}
        self.matched_open, self.matched_sep, self.matched_close = "[" + g, "," + g, f + "]"
        self._declared: dict[tuple, str] = {}
        #: a trace step's text after its number, by what it shows (see JsonWriter.members)
        self.tails: dict[tuple, str] = {}

    def value(self, value: Any, nl: str) -> str:
        """``value`` as JSON on a line indented by ``nl`` (the line breaks inside a list or an
        object are the only thing the indentation changes)."""
        out: list[str] = []
        jsontext.encode(value, nl, out)
        return "".join(out)

    def mapping(self, items, nl: str) -> str:
        """``{trait: plain(value)}`` of the pairs ``items`` as JSON, its closing brace on the line ``nl``."""
        inner = nl + "  "
        entries = self._entries
        parts = []
        for pair in items:
            value = pair[1]
            kind = type(value)
            if kind is bool or kind is str:  # the text of the pair is kept (values that hash alike are of one type)
                text = entries.get(pair)
                if text is None:
                    text = entries[pair] = jsontext.key_text(pair[0]) + ": " + self.value(value, inner)
                parts.append(text)
                continue
            key = pair[0]
            if kind is float and value == value and -_BIG < value < _BIG:  # a finite number: as jsontext writes it
                head = self._keys.get(key)
                if head is None:
                    head = self._keys[key] = jsontext.key_text(key) + ": "
                text = head + (_int_text(int(value)) if value.is_integer() else _float_text(value))
            else:
                text = jsontext.key_text(key) + ": " + self.value(plain(value), inner)
            parts.append(text)
        if not parts:
            return "{}"
        return "{" + inner + ("," + inner).join(parts) + nl + "}"

    def because(self, matched) -> str:
        """A conclusion's "because": what its rule matched (values as answers show them)."""
        if not matched:
            return "[]"
        sub_nl, sub_member = self.sub_nl, self.sub_member
        lead, sep, close = "{" + sub_member, "," + sub_member, sub_nl + "}"
        element, pieces = self._element, self._because
        parts = [element(pieces, m, lead, sep, close, True) for m in matched]
        return "[" + sub_nl + ("," + sub_nl).join(parts) + self.member_nl + "]"

    def _element(self, pieces: dict, m, lead: str, sep: str, close: str, as_answer: bool) -> str:
        """One matched fact's members (``"derived"``, or ``"trait"`` and ``"value"``) between
        ``lead`` and ``close``, kept in ``pieces`` by the derived fact's name or by (trait, value)
        for a boolean or string value (values that hash alike are then alike). ``as_answer``:
        the value as answers show it (a whole float as an integer)."""
        if m.derived is not None:
            text = pieces.get(m.derived)
            if text is None:
                text = pieces[m.derived] = lead + '"derived": ' + _enc(m.derived) + close
            return text
        value = m.value
        kind = type(value)
        if kind is bool or kind is str:
            key = (m.trait, value)
            text = pieces.get(key)
            if text is None:
                text = pieces[key] = lead + '"trait": ' + _enc(m.trait) + sep + '"value": ' + self.value(value, sep[1:]) + close
            return text
        shown = plain(value) if as_answer else value
        return lead + '"trait": ' + _enc(m.trait) + sep + '"value": ' + self.value(shown, sep[1:]) + close

    def rule_head(self, rule: str) -> str:
        """The members of a trace step between its number and its "matched"."""
        text = self._rules.get(rule)
        if text is None:
            f = self.f
            text = self._rules[rule] = "," + f + '"rule": ' + _enc(rule) + "," + f + '"matched": '
        return text

    def matched(self, matched) -> str:
        """A trace step's "matched": fact numbers, and values as the engine holds them. Each
        element's whole text is kept by its fact number and what it holds (a derived fact's
        name, or trait and value for a boolean or string value: values that hash alike are then
        alike); there are as many as facts an evaluation numbers times what they can hold."""
        if not matched:
            return "[]"
        whole = self._matched_whole
        parts = []
        for m in matched:
            derived = m.derived
            if derived is not None:
                key = (m.fact_id, None, derived)
            else:
                value = m.value
                kind = type(value)
                key = (m.fact_id, m.trait, value) if kind is bool or kind is str else None
            text = whole.get(key) if key is not None else None
            if text is None:
                lead = "," + self.h
                text = self.fact_head + str(int(m.fact_id)) + self._element(self._matched, m, lead, lead, self.g + "}", False)
                if key is not None and type(m.fact_id) is int:
                    if len(whole) > _MOST_KEPT:
                        whole.clear()
                    whole[key] = text
            parts.append(text)
        return self.matched_open + self.matched_sep.join(parts) + self.matched_close

    def declared(self, step: Step) -> str:
        """A trace step's "declared" member, with the comma and key before it."""
        key = (step.derived, step.new, step.concluded)
        text = self._declared.get(key)
        if text is None:
            f, g, h = self.f, self.g, self.h
            parts = ["{" + h + '"derived": ' + _enc(name) + "," + h + '"new": ' + ("true" if name in step.new else "false")
                     + g + "}" for name in step.derived]
            if step.concluded is not None:
                parts.append("{" + h + '"conclusion": ' + _enc(step.concluded) + g + "}")
            body = "[" + g + ("," + g).join(parts) + f + "]" if parts else "[]"
            text = self._declared[key] = "," + f + '"declared": ' + body
        return text
