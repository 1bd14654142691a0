"""The evaluate JSON of a batch, written straight to text (byte-equal to ``evaluation_json``; tests/test_report_json.py)."""

from __future__ import annotations


from advisor.engine import Evaluation
from advisor.kb import KnowledgeBase
from advisor.present.document import plain
from advisor.present.evaluation import _grounds, conclusion_json, evaluation_json  # noqa: F401


class JsonWriter:
    """``jsontext.members(evaluation_json(kb, ev, lang), level)``, byte for byte, written faster.

    A batch renders thousands of evaluations; most of each one's JSON is its conclusions, and
    a conclusion's kind, title, service, rule, notes and detail depend only on the knowledge
    base and the language: their text is written once per rule and reused. The rest (what the
    rule matched, the answers it rests on, its step, the answers and the trace) is encoded per
    evaluation by the same encoder. tests/test_report_json.py checks the equality.
    """

    def __init__(self, kb: KnowledgeBase, lang: str, level: int):
        self.kb = kb
        self.lang = lang
        self.level = level
        self._prefix: dict[str, str] = {}

    def _conclusion_prefix(self, rule) -> str:
        from advisor import jsontext

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
        return text[: -len(closing)]

    def members(self, ev: Evaluation) -> str:
        from json.encoder import encode_basestring as enc

        from advisor.jsontext import _encode

        level = self.level
        nl = "\n" + "  " * level  # the members' own lines
        out: list[str] = [nl, '"answers": ']
        _encode({k: plain(v) for k, v in ev.answers.items()}, nl, out)
        out.append("," + nl + '"conclusions": ')
        if ev.conclusions:
            item_nl = nl + "  "
            member_nl = item_nl + "  "
            sub_nl = member_nl + "  "
            sub_member = sub_nl + "  "
            derived_by = ev.derived_by()
            sep = "[" + item_nl
            for c in ev.conclusions:
                rule = c.rule
                prefix = self._prefix.get(rule.id)
                if prefix is None:
                    prefix = self._prefix[rule.id] = self._conclusion_prefix(rule)
                out.append(sep)
                out.append(prefix)
                out.append("," + member_nl + '"because": ')
                matched = c.step.matched
                if matched:
                    inner = "[" + sub_nl
                    for m in matched:
                        out.append(inner + "{" + sub_member)
                        if m.derived is not None:
                            out.append('"derived": ' + enc(m.derived))
                        else:
                            out.append('"trait": ' + enc(m.trait) + "," + sub_member + '"value": ')
                            _encode(plain(m.value), sub_member, out)
                        out.append(sub_nl + "}")
                        inner = "," + sub_nl
                    out.append(member_nl + "]")
                else:
                    out.append("[]")
                out.append("," + member_nl + '"answers": ')
                grounds_ = _grounds(derived_by, c.step)
                if grounds_:
                    inner = "{" + sub_nl
                    for t, v in grounds_:
                        out.append(inner + enc(t) + ": ")
                        _encode(plain(v), sub_nl, out)
                        inner = "," + sub_nl
                    out.append(member_nl + "}")
                else:
                    out.append("{}")
                out.append("," + member_nl + '"step": ' + str(int(c.step.number)))
                out.append(item_nl + "}")
                sep = "," + item_nl
            out.append(nl + "]")
        else:
            out.append("[]")
        out.append("," + nl + '"trace": ')
        if ev.trace:
            e = nl + "  "
            f = e + "  "
            g = f + "  "
            h = g + "  "
            sep = "[" + e
            for step in ev.trace:
                out.append(sep + "{" + f + '"step": ' + str(int(step.number)) + "," + f + '"rule": ' + enc(step.rule)
                           + "," + f + '"matched": ')
                if step.matched:
                    inner = "[" + g
                    for m in step.matched:
                        out.append(inner + "{" + h + '"fact": ' + str(int(m.fact_id)) + "," + h)
                        if m.derived is not None:
                            out.append('"derived": ' + enc(m.derived))
                        else:
                            out.append('"trait": ' + enc(m.trait) + "," + h + '"value": ')
                            _encode(m.value, h, out)
                        out.append(g + "}")
                        inner = "," + g
                    out.append(f + "]")
                else:
                    out.append("[]")
                out.append("," + f + '"declared": ')
                if step.derived or step.concluded is not None:
                    inner = "[" + g
                    for name in step.derived:
                        out.append(inner + "{" + h + '"derived": ' + enc(name) + "," + h + '"new": '
                                   + ("true" if name in step.new else "false") + g + "}")
                        inner = "," + g
                    if step.concluded is not None:
                        out.append(inner + "{" + h + '"conclusion": ' + enc(step.concluded) + g + "}")
                    out.append(f + "]")
                else:
                    out.append("[]")
                out.append(e + "}")
                sep = "," + e
            out.append(nl + "]")
        else:
            out.append("[]")
        return "".join(out)
