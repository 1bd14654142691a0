"""``advisor kb check``, ``advisor kb export`` and ``advisor kb schema``."""

from __future__ import annotations

from advisor.commands.common import add_kb, load_kb
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "kb",
        help="check, export or describe the knowledge base",
        description="Work on the knowledge base itself: lint it, export it as JSON, or print the JSON Schema of its files.",
    )
    kb_sub = p.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    check = kb_sub.add_parser(
        "check",
        help="lint the knowledge base: every rule cites a note, every note is cited, every rule can fire",
        description="Lint the knowledge base. Each finding is one line: file:line: lint-id: item: message. "
        "Exit status 1 when there are findings.",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    check.add_argument("--list", action="store_true", help="list the lints and what each catches, then exit")
    add_kb(check)
    check.set_defaults(run=run_check)
    export = kb_sub.add_parser(
        "export",
        help="print the whole knowledge base as JSON (notes, rules, questions, derived facts, cues, terms, claims, exams)",
        description="Print the knowledge base as one JSON document with the keys notes, rules, questions, derived, "
        "cues, terms, claims and exams.",
    )
    add_kb(export)
    export.set_defaults(run=run_export)
    schema = kb_sub.add_parser(
        "schema",
        help="print the JSON Schema of the knowledge TOML files, for an editor to check them as they are written",
        description="Print the JSON Schema (draft 2020-12) of a knowledge file (notes, questions, derived facts, parts, "
        "rules, cues, terms, claims, exams), generated from the fields the loader reads.",
    )
    schema.set_defaults(run=run_schema)


def run_check(args, env) -> ExitStatus:
    from advisor.kb.lint import LINTS, WARNINGS, check

    if args.list:
        for lint_id, what in LINTS.items():
            weight = "warning: loading goes on" if lint_id in WARNINGS else "error: a base with it is refused"
            env.stdout.write(f"{lint_id}: {what} ({weight})\n")
        return ExitStatus.OK
    kb = load_kb(args, env, lint=False)  # lint it here, all findings, instead of refusing it
    findings = check(kb)
    if args.format == "json":

        doc = {
            "ok": not findings,
            "counts": {
                "notes": len(kb.notes), "rules": len(kb.rules), "questions": len(kb.questions), "derived": len(kb.derived),
                "cues": len(kb.cues), "terms": len(kb.terms), "claims": len(kb.claims), "exams": len(kb.exams),
            },
            "findings": [f.to_json() for f in findings],
        }
        env.stdout.write(_dumps(doc) + "\n")
    else:
        for f in findings:
            env.stdout.write(f"{f}\n")
        summary = (
            f"{len(kb.notes)} notes, {len(kb.rules)} rules, {len(kb.questions)} questions, "
            f"{len(kb.derived)} derived facts"
        )
        if kb.cues or kb.terms or kb.claims or kb.exams:
            summary += f"; {len(kb.cues)} cues, {len(kb.terms)} terms, {len(kb.claims)} claims, {len(kb.exams)} practice questions"
        summary += ": "
        summary += "no findings" if not findings else f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
        (env.stderr if findings else env.stdout).write(summary + "\n")
    return ExitStatus.INVALID if findings else ExitStatus.OK


def export_json(kb) -> dict:
    def text(t):
        return {"en": t.en, "ko": t.ko} if t is not None else None

    def condition(c):
        if c.fact is not None:
            return {"fact": c.fact}
        out = {"trait": c.trait}
        for op, value in c.tests:
            out[op.value] = list(value) if isinstance(value, tuple) else value
        return out

    return {
        "notes": [
            {
                "id": n.id,
                "topic": n.topic,
                "section": n.section,
                "origin": n.origin,
                "seed_lines": list(n.seed_lines),
                "text": text(n.text),
                "refs": list(n.refs),
                "correction": None
                if n.correction is None
                else {"text": text(n.correction.text), "refs": list(n.correction.refs)},
                "aliases": list(n.aliases),
            }
            for n in sorted(kb.notes.values(), key=lambda n: n.id)
        ],
        "rules": [
            {
                "id": r.id,
                "kind": r.kind.value,
                "title": text(r.title),
                "service": r.service,
                "notes": list(r.notes),
                "when": [condition(c) for c in r.when],
                "derives": list(r.derives),
                "detail": text(r.detail),
            }
            for r in sorted(kb.rules.values(), key=lambda r: r.id)
        ],
        "questions": [
            {
                "trait": q.trait,
                "type": q.type.value,
                "topic": q.topic,
                "prompt": text(q.prompt),
                "help": text(q.help),
                "unit": q.unit,
                "min": q.min,
                "max": q.max,
                "choices": [{"value": c.value, "label": text(c.label)} for c in q.choices],
            }
            for q in kb.questions.values()
        ],
        "derived": [{"id": d.id, "label": text(d.label)} for d in sorted(kb.derived.values(), key=lambda d: d.id)],
        "cues": [
            {
                "id": c.id, "trait": c.trait, "value": c.value, "number": c.number, "assume": c.assume,
                "patterns": [{"lang": p.lang, "regex": p.text} for p in c.patterns],
            }
            for c in sorted(kb.cues.values(), key=lambda c: c.id)
        ],
        "terms": [
            {
                "id": t.id, "name": t.name, "service": t.service, "supports": list(t.supports),
                "contradicts": list(t.contradicts), "patterns": [{"lang": p.lang, "regex": p.text} for p in t.patterns],
            }
            for t in sorted(kb.terms.values(), key=lambda t: t.id)
        ],
        "claims": [
            {
                "id": c.id, "holds": c.holds, "notes": list(c.notes), "ordered": c.ordered,
                "all": [[p.text for p in g] for g in c.all], "about": [[p.text for p in g] for g in c.about],
                "unless": [p.text for p in c.unless], "because": text(c.because),
            }
            for c in sorted(kb.claims.values(), key=lambda c: c.id)
        ],
        "exams": [
            {
                "id": e.id, "set": e.set, "topic": e.topic, "lang": e.lang, "question": e.question,
                "options": dict(e.options), "answer": list(e.answer), "notes": list(e.notes),
            }
            for e in sorted(kb.exams.values(), key=lambda e: e.id)
        ],
    }


def run_export(args, env) -> ExitStatus:

    kb = load_kb(args, env)
    env.stdout.write(_dumps(export_json(kb)) + "\n")
    return ExitStatus.OK


def run_schema(args, env) -> ExitStatus:
    from advisor.kb.schema import knowledge_schema

    env.stdout.write(_dumps(knowledge_schema()) + "\n")
    return ExitStatus.OK


def _dumps(doc) -> str:
    from advisor.present.document import dumps  # escapes what a terminal would act on

    return dumps(doc)
