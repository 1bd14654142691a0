"""Scoring an option against the engine's conclusions and the claims (what an option proposes is read
by :mod:`advisor.explain.proposals`).

An option *mentions* terms (``[[term]]``: services and features under their many names); each
term links to rules. When a linked rule fired on the question's traits, the option gains or loses:

* a rule naming the term's ``service``: recommend +3, advise +2, avoid -3 (warnings say nothing
  about an option by service alone);
* a rule the term ``supports``: +3 if it recommends, +2 otherwise; one it ``contradicts``: -3.

A recommendation whose term the question itself names is common ground ("workers poll an SQS queue": "use
SQS" backs every option that says "queue") and backs no option.

A term the option *negates* ("X is not supported", "do not use X", "instead of X", "X를 쓰지
않는다") is not proposed: a recommendation of it then counts against the option, and a rule that
avoids it or that it contradicts counts for the option. Each rule counts once per option.

An option also *makes claims* (``[[claim]]``): every group of ``all`` matches in the option (in
order when ``ordered``), every group of ``about`` matches in the question or the option, and no
``unless`` pattern matches in the option. A true claim gives +3 (+2 where the question asks what
to do rather than which statement is true), a false one -3. A rule's
contradiction is dropped when the option states a true claim from the same notes: the option
already says what the warning says.

What an option PROPOSES is what is judged, never the words it shares with a rule:

* the proposal is the option's clauses up to its reasons: a later clause that states why
  ("; it already reaches public endpoints", ", because ...", "VPC access is only needed for ...")
  explains the proposal and links no rule;
* a rule counts only when the option names the rule's subject (its ``service``), through the
  linking term or another proposed term: "an inbound rule for 0.0.0.0/0" shares a string with
  "route 0.0.0.0/0 to the NAT gateway" but proposes nothing about a NAT gateway;
* where the mentions of one option pull one rule both ways, the proposal (the earliest
  mention) decides;
* evidence that every option shares does not single any out (:func:`distinguish`);
* where the question asks what to do, a true statement that is not tied to the question's
  situation (a claim without ``when``) says how something works, not that the option meets the
  requirement: it is shown, but weighs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.engine import Evaluation
from advisor.explain.proposals import (
    Mention,
    asks_for_action,
    linked,
    matches_any,
    mentions,
    negative_question,
    option_direction,
    proposal_end,
    proposal_targets,
    qualifies,
    rule_direction,
)
from advisor.explain.spelling import respelt
from advisor.kb import Kind, KnowledgeBase

WEIGHT = {"recommend": 3, "support": 2, "avoid": 3, "contradict": 3, "claim": 3, "claim-in-action": 2}


@dataclass(frozen=True)
class Evidence:
    kind: str  # "rule" or "claim"
    id: str
    points: int
    notes: tuple[str, ...]
    via: tuple[str, ...] = ()  # term ids that linked the option to the rule


@dataclass
class Scored:
    key: str
    label: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: the question asks for the option that is NOT true (:func:`negative_question`)
    negative: bool = False

    @property
    def score(self) -> int:
        return sum(e.points for e in self.evidence)

    @property
    def sense(self) -> int:
        """The score in the question's sense: how strongly the option is what the question asks
        for (the score itself, negated where the question asks for what is NOT true)."""
        return -self.score if self.negative else self.score

    @property
    def verdict(self) -> str:
        """supported / contradicted; in a NOT question true-statement / false-statement, which say
        the same about the statement without telling a learner to pick or avoid it the usual way."""
        if self.score > 0:
            return "true-statement" if self.negative else "supported"
        if self.score < 0:
            return "false-statement" if self.negative else "contradicted"
        return "mixed" if any(e.points for e in self.evidence) else "unknown"

    @property
    def misleads_as_key(self) -> bool:
        """Marked as not the answer though it is (key ✘)."""
        return self.sense < 0

    @property
    def misleads_as_wrong(self) -> bool:
        """Marked as the answer though it is not (wrong ✔)."""
        return self.sense > 0

    @property
    def rules(self) -> list[str]:
        return [e.id for e in self.evidence if e.kind == "rule"]

    @property
    def claims(self) -> list[str]:
        return [e.id for e in self.evidence if e.kind == "claim"]

    @property
    def notes(self) -> list[str]:
        """The notes the evidence cites, each once, in the order first cited."""
        return list(dict.fromkeys(n for e in self.evidence for n in e.notes))


def claims_made(kb: KnowledgeBase, option: str, question: str) -> list:
    """The claims ``option`` makes in ``question``. The tests run cheapest first: the option's
    own words (``all``) rule most claims out; what depends on the question alone (``when``,
    ``unless_question``) is worked out once per question, not once per option. A pattern matches
    the text as written or as :func:`advisor.explain.spelling.respelt` writes it ("ASG" and
    "Auto Scaling group", "dead letter" and "dead-letter", "licence" and "license")."""
    both = None
    situation = _situation(kb, question)
    other = respelt(option)
    texts = (option,) if other is None else (option, other)
    made = []
    single = other is None
    tried = _tried(kb, texts)
    for i, claim in enumerate(_claims(kb)):
        if i not in tried:
            continue  # no pattern of its first group can match: the check below would fail
        if single:
            if not all(any(p.search(option) for p in group) for group in claim.all):
                continue
        elif not all(any(matches_any(p, texts) for p in group) for group in claim.all):
            continue
        if not situation[claim.id]:
            continue
        if any(matches_any(p, texts) for p in claim.unless):
            continue
        if claim.about:
            if both is None:
                both = tuple(q + " \n " + o for q in _spellings(kb, question) for o in texts)
            if not all(any(matches_any(p, both) for p in group) for group in claim.about):
                continue
        if claim.ordered and not any(_in_order(claim, t) for t in texts):
            continue
        made.append(claim)
    return made


def _in_order(claim, option: str) -> bool:
    pos = 0
    for group in claim.all:
        ends = [m.end() for p in group for m in [p.regex.search(option, pos)] if m]
        if not ends:
            return False
        pos = min(ends)
    return True


def _tried(kb: KnowledgeBase, texts: tuple[str, ...]) -> set[int]:
    """Positions (in :func:`_claims`) of the claims whose first ``all`` group may match one of
    ``texts``: a pattern matches only a text holding a piece of each group of its requirement
    (advisor/kb/pattern.py), so a claim none of whose first-group patterns finds a piece of its
    first such group there is ruled out by a few ``in`` tests per piece instead of a search
    per pattern (most claims, for most options)."""
    from advisor.kb.pattern import _folded

    pieces, always = _first_pieces(kb)
    tried = set(always)
    for text in texts:
        folded = _folded(text)[0]
        for piece, claims in pieces:
            if piece in folded:
                tried.update(claims)
    return tried


def _first_pieces(kb: KnowledgeBase) -> tuple[tuple[tuple[str, tuple[int, ...]], ...], frozenset[int]]:
    """(piece -> positions of the claims a pattern of whose first ``all`` group needs it in its
    first group of pieces; the positions of the claims that are always tried), once per base."""
    return kb.kept("_claim_pieces", _build_first_pieces)


def _build_first_pieces(kb: KnowledgeBase):
    by_piece: dict[str, list[int]] = {}
    always: set[int] = set()
    for i, claim in enumerate(_claims(kb)):
        if not claim.all:
            always.add(i)
            continue
        for p in claim.all[0]:
            need = p.need
            if not need:  # nothing every match holds is known: always searched
                always.add(i)
                break
            for piece in need[0]:
                by_piece.setdefault(piece, []).append(i)
    pieces = tuple((piece, tuple(claims)) for piece, claims in sorted(by_piece.items()))
    return pieces, frozenset(always)


def _claims(kb: KnowledgeBase) -> list:
    return kb.kept("_claim_order", lambda kb: sorted(kb.claims.values(), key=lambda c: c.id))


def _spellings(kb: KnowledgeBase, question: str) -> tuple[str, ...]:
    other = respelt(question)
    return (question,) if other is None else (question, other)


def _situation(kb: KnowledgeBase, question: str) -> dict[str, bool]:
    """claim id -> whether the question describes the claim's situation (its ``when`` groups
    match and no ``unless_question`` pattern does); kept for the last question asked."""
    last = kb.__dict__.get("_situation")
    if last is not None and last[0] == question:
        return last[1]
    texts = _spellings(kb, question)
    if len(texts) == 1:
        result = {
            claim.id: not any(p.search(question) for p in claim.unless_question)
            and all(any(p.search(question) for p in group) for group in claim.when)
            for claim in _claims(kb)
        }
    else:
        result = {
            claim.id: not any(matches_any(p, texts) for p in claim.unless_question)
            and all(any(matches_any(p, texts) for p in group) for group in claim.when)
            for claim in _claims(kb)
        }
    kb.__dict__["_situation"] = (question, result)
    return result


def _recommendations(term, fired: dict) -> set[str]:
    out = {rule_id for rule_id in term.supports if rule_id in fired and fired[rule_id].kind is Kind.RECOMMEND}
    if term.service:
        out |= {r.id for r in fired.values() if r.service == term.service and r.kind is Kind.RECOMMEND}
    return out


def echoes(kb: KnowledgeBase, ev: Evaluation, question: str) -> set[str]:
    """Fired recommendations the question already follows: it names a term they back ("workers
    poll an SQS queue" makes "use SQS" common ground), so they cannot tell the options apart."""
    fired = {c.rule.id: c.rule for c in ev.conclusions}
    out: set[str] = set()
    for m in mentions(kb, question):
        if not m.negated:
            out |= _recommendations(kb.terms[m.term], fired)
    return out


def score(kb: KnowledgeBase, ev: Evaluation, key: str, label: str, text: str, question: str,
          common: set[str] | frozenset = frozenset(), negative: bool | None = None) -> Scored:
    """``common``: rules whose support the options share with the question (see :func:`echoes`);
    ``negative``: the question asks for what is NOT true (worked out from it when None)."""
    if negative is None:
        negative = negative_question(question)
    scored = Scored(key=key, label=label, text=text, negative=negative)
    scored.mentions = mentions(kb, text)
    fired = {c.rule.id: c.rule for c in ev.conclusions}
    end = proposal_end(text)
    proposed = [m for m in scored.mentions if m.start < end]
    targets = proposal_targets(kb, text, proposed)
    proposed = [m for m in proposed if not qualifies(text, m)]
    per_rule: dict[str, list] = {}  # rule id -> [points of the first mention, term ids]
    for mention in proposed:
        term = kb.terms[mention.term]
        links: dict[str, int] = {}
        if term.service:
            for rule in fired.values():
                if rule.service != term.service:
                    continue
                if rule.kind is Kind.RECOMMEND:
                    links[rule.id] = WEIGHT["recommend"]
                elif rule.kind is Kind.ADVISE:
                    links[rule.id] = WEIGHT["support"]
                elif rule.kind is Kind.AVOID:
                    links[rule.id] = -WEIGHT["avoid"]
        for rule_id in term.supports:
            rule = fired.get(rule_id)
            if rule is not None:
                links[rule_id] = WEIGHT["recommend"] if rule.kind is Kind.RECOMMEND else WEIGHT["support"]
        for rule_id in term.contradicts:
            if rule_id in fired:
                links[rule_id] = -WEIGHT["contradict"]
        for rule_id, points in links.items():
            rule = fired[rule_id]
            if any(not linked(kb.terms[t], rule) for t in targets.get(mention.term, ())):
                continue  # the rule is about the term, not about the term on what the option puts it on
            if points > 0 and not mention.negated and option_direction(text, mention) * rule_direction(rule) < 0:
                continue  # the rule says to raise it and the option lowers it (or the reverse)
            if points > 0 and not mention.negated and rule_id in common:
                continue  # the question already does this; it does not single out the option
            if mention.negated:
                if points > 0 and rule.kind is Kind.RECOMMEND:
                    points = -WEIGHT["contradict"]
                elif points < 0:
                    points = WEIGHT["support"]
                else:
                    continue  # not doing advised work says nothing either way
            entry = per_rule.get(rule_id)
            if entry is None:
                per_rule[rule_id] = [points, [mention.term]]
            else:
                if (entry[0] > 0) == (points > 0):
                    entry[0] += points  # several mentions agree; where they pull apart, the first (the proposal) decides
                if mention.term not in entry[1]:
                    entry[1].append(mention.term)
    made = claims_made(kb, text, question)
    true_notes = {n for c in made if c.holds for n in c.notes}
    contradicted = False
    for rule_id, (points, via) in sorted(per_rule.items()):
        points = max(-WEIGHT["contradict"], min(WEIGHT["recommend"], points))
        rule = fired[rule_id]
        if points < 0 and true_notes & set(rule.notes):
            continue  # the option states the caveat itself
        if points:
            contradicted = contradicted or points < 0
            scored.evidence.append(Evidence("rule", rule_id, points, rule.notes, tuple(via)))
    action = asks_for_action(question) and not negative  # a NOT question asks which statement is false
    for claim in made:
        if claim.holds:
            # A true statement does not rescue an option the scenario rules out; where the question
            # asks what to do, only a statement about its situation bears on the choice.
            if contradicted or (action and not claim.when):
                points = 0
            else:
                points = WEIGHT["claim-in-action" if action else "claim"]
        else:
            points = -WEIGHT["claim"]
        scored.evidence.append(Evidence("claim", claim.id, points, claim.notes))
    scored.evidence.sort(key=lambda e: (-abs(e.points), e.kind, e.id))
    return scored


def distinguish(scored: list[Scored], choose: int = 1) -> None:
    """Evidence every option has alike (the same rule or claim, the same points) tells none of
    them apart; it is kept to be shown but weighs nothing. Where one true answer is asked for, two
    options that propose different things yet rest on exactly the same supporting evidence are
    told apart by nothing we know: it backs a part they share, not either option whole (a
    refutation stays: each option that says a false thing says it)."""
    if len(scored) < 2:
        return
    shared = None
    for s in scored:
        mine = {(e.kind, e.id, e.points) for e in s.evidence if e.points}
        shared = mine if shared is None else shared & mine
    shared = set(shared or ())
    # (a question that asks for the false statement expects several true ones: alike support
    # there tells the true options apart from the one asked for, so it stays)
    if choose == 1 and not any(s.negative for s in scored):
        seen: dict[frozenset, int] = {}
        for s in scored:
            mine = frozenset((e.kind, e.id, e.points) for e in s.evidence if e.points)
            if mine and all(points > 0 for _, _, points in mine):
                seen[mine] = seen.get(mine, 0) + 1
        for group, count in seen.items():
            if count > 1:
                shared |= group
    if not shared:
        return
    for s in scored:
        s.evidence = [
            Evidence(e.kind, e.id, 0, e.notes, e.via) if (e.kind, e.id, e.points) in shared else e for e in s.evidence
        ]
        s.evidence.sort(key=lambda e: (-abs(e.points), e.kind, e.id))
