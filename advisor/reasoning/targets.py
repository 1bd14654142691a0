"""What a user names when asking HOW or WHY NOT: a rule id or an AWS service."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from advisor.errors import UsageError
from advisor.kb import Kind, KnowledgeBase, Rule


@dataclass(frozen=True)
class Target:
    query: str
    kind: str  # "rule" or "service"
    name: str  # the rule id or the service's official name
    rules: tuple[Rule, ...]

    def to_json(self) -> dict:
        return {"query": self.query, "kind": self.kind, "name": self.name, "rules": [r.id for r in self.rules]}


def resolve(kb: KnowledgeBase, query: str, *, recommended: bool = False) -> Target:
    """The rules a query stands for.

    A rule id (or an old alias of one) stands for that rule. A service name, matched without
    regard to case (or a unique part of one, such as "cloudfront"), stands for the rules that name
    the service; with ``recommended`` only those that recommend it, when there are any (WHY NOT
    "CloudFront" asks why it was not recommended). Anything else is a usage error with a
    did-you-mean.
    """
    text = query.strip()
    rule = kb.resolve_rule(text) or kb.resolve_rule(text.lower())
    if rule is not None:
        return Target(query, "rule", rule.id, (rule,))
    services = kb.services()
    exact = [s for s in services if s.casefold() == text.casefold()]
    partial = [s for s in services if text and text.casefold() in s.casefold()]
    if exact:
        service = exact[0]
    elif len(partial) == 1:
        service = partial[0]
    elif len(partial) > 1:
        raise UsageError(f"{query!r} matches several services: {', '.join(repr(s) for s in partial)}; name one of them")
    else:
        raise UsageError(f"unknown service or rule {query!r}{_did_you_mean(kb, text)}")
    rules = sorted((r for r in kb.rules.values() if r.service == service), key=lambda r: r.id)
    if recommended and any(r.kind is Kind.RECOMMEND for r in rules):
        rules = [r for r in rules if r.kind is Kind.RECOMMEND]
    return Target(query, "service", service, tuple(rules))


def _did_you_mean(kb: KnowledgeBase, text: str) -> str:
    names = kb.services() + sorted(kb.rules)
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(text.casefold(), list(folded), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {folded[close[0]]!r}?"
    return "; `advisor kb export` lists the services and rules"
