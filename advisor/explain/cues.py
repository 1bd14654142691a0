"""Reading traits from a question with the ``[[cue]]`` knowledge, keeping the words that gave
each one away.

* Phrase cues (``value`` and ``en``/``ko`` patterns) match anywhere in the question. Where two
  matches for the same trait overlap, the longer one wins ("not static content" beats "static
  content"); one phrase may give away several traits ("servers in a private subnet"). A trait
  whose matches disagree takes the value backed by more cues (a cue counts once, however often
  its words recur); a tie leaves it unknown and is reported as a conflict.
* Quantities ("5 GB", "200 MB", "160 GiB", "5TB", "500 메가바이트") belong to the number cue whose
  ``near`` words sit closest in the same sentence. A bound counts as just under or at its value
  ("smaller than 1 GB" reads as 0.999 GB, "more than 1 GB" as 1 GB). A quantity outside the
  trait's range (an absurd "9000 TB") is ignored, with the reason. Several quantities for one
  trait: the largest.
* A requirement that the question denies ("does not need control over placement", "…는 필요하지
  않다") gives the opposite value of a yes/no cue.
* A cue marked ``assume`` gives its value when nothing in the question speaks of the trait
  (exam scenarios leave the simple case unsaid); such traits are shown as assumed.
* ``--trait name=value`` overrides come last and win.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field
from typing import Any

from advisor.kb import KnowledgeBase, TraitType, format_number

#: units of size, as GB. Binary units read as their decimal names: exam questions and AWS
#: documents use GiB and GB for the same limits.
UNITS = {
    "tb": 1000.0, "tib": 1000.0, "terabyte": 1000.0, "terabytes": 1000.0, "테라바이트": 1000.0, "테라": 1000.0,
    "gb": 1.0, "gib": 1.0, "gigabyte": 1.0, "gigabytes": 1.0, "기가바이트": 1.0, "기가": 1.0,
    "mb": 0.001, "mib": 0.001, "megabyte": 0.001, "megabytes": 0.001, "메가바이트": 0.001, "메가": 0.001,
    "kb": 0.000001, "kib": 0.000001, "kilobyte": 0.000001, "kilobytes": 0.000001, "킬로바이트": 0.000001,
}
_QUANTITY = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*("
    + "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
#: words that deny a requirement: "does not need X", "no need for X", "X는 필요하지 않다".
#: Only a need is denied this way; a bare "not" belongs to the cue's own phrases.
_NOT_NEEDED_BEFORE = re.compile(
    r"(?:(?:does|do|did) not|doesn't|don't|didn't|never) (?:need|require|want|care about|have to)(?: to (?:have|get|use))?\s+(?:\S+\s+){0,2}$"
    r"|no (?:need|requirement) (?:for|to (?:have|get|use))\s+(?:\S+\s+){0,2}$"
    r"|without (?:needing|requiring)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_NOT_NEEDED_AFTER = re.compile(r"^\s*(?:is|are) not (?:needed|required|necessary)|^\S*\s*(?:\S+\s+)?(?:필요(?:가|는)? 없|필요하지 않|원하지 않|요구하지 않)", re.IGNORECASE)

#: words that reject or negate what follows, within its clause: "without a NAT gateway", "instead
#: of a load balancer", "rather than X", "the team rejected attaching it to the VPC", "not X",
#: "X 대신", "X 말고", "X가 아니라", "X 없이". What is rejected is not what the scenario has: the
#: phrase gives nothing (a yes/no phrase whose need is denied gives the opposite, above).
_REJECTED_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:(?:without|instead of|rather than|in place of|not|never|no longer|avoid(?:s|ed|ing)?)"
    r"\s+(?:(?!and\s|but\s|so\s|then\s)\S+\s+){0,3}"
    r"|(?:rejected|rejects|reject|ruled out|rules out|decided against|declined|refused|dropped)(?: the idea of| the option of)?"
    r"\s+(?:(?:the|a|an|any|its|their|using|adding|attaching|putting|moving)\s+)?)$",
    re.IGNORECASE,
)
_REJECTED_AFTER = re.compile(
    r"^\S{0,3}\s*(?:(?:is|are|was|were) (?:not|never|no longer) (?:an? |the )?(?:issue|problem|concern|needed|required|necessary|wanted|an option|used|in use)"
    r"|(?:isn't|aren't|wasn't|weren't) (?:an? |the )?(?:issue|problem|concern|needed|required|necessary))",
    re.IGNORECASE,
)
#: Korean: the phrase followed (within its clause) by a negated or rejecting ending
_KO_PARTICLE = r"(?:을|를|이|가|은|는|에|에서|으로|로|와|과|도|의|까지)?"
_REJECTED_AFTER_KO = re.compile(
    rf"^{_KO_PARTICLE}\s?(?:없이|말고|대신(?! 사용할| 쓸)|아니라|아닌|은 아니|는 아니|필요(?:가|는)? ?없)"
    rf"|^{_KO_PARTICLE}\s?(?:[^\s,.;?!]+\s)?(?:[^\s,.;?!]*지 ?않|[^\s,.;?!]*지 ?못|[^\s,.;?!]*ㄹ? ?수 ?없|못 ?[^\s,.;?!]+|문제(?:가|는)? (?:되지 않|아니|없))"
)
_CLAUSE_BREAK = re.compile(r"[,.;:?!]\s|\s(?:and|but|so|because|while|then|which)\s")


def _rejected(text: str, start: int, end: int) -> bool:
    """Is the phrase at start:end negated or rejected within its clause?"""
    before = text[max(0, start - 80):start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    after = text[end:end + 60]
    m = _CLAUSE_BREAK.search(after)
    if m:
        after = after[: m.start()]
    return bool(_REJECTED_BEFORE.search(before) or _REJECTED_AFTER.search(after) or _REJECTED_AFTER_KO.search(after))


#: words before a quantity that make it an upper bound ("smaller than 1 GB"), and after it in Korean
_BELOW_BEFORE = re.compile(r"(?:less|smaller|fewer|lower|shorter) than\s*$|(?:under|below)\s*$", re.IGNORECASE)
_BELOW_AFTER = re.compile(r"^\s*(?:미만|보다 작은|보다 적은|아래)")
BELOW = 0.999
_SENTENCE_END = re.compile(r"[.?!。](?:\s|$)|[;\n]")
#: how far (in characters) the words of a number cue may sit from the quantity
NEAR = 60


@dataclass(frozen=True)
class Hit:
    """One piece of evidence for a trait's value."""

    trait: str
    value: Any
    how: str  # "cue", "quantity", "assumed" or "override"
    cue: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class Ignored:
    trait: str | None
    text: str
    start: int
    end: int
    reason: str


@dataclass
class Reading:
    text: str
    traits: dict[str, Any] = field(default_factory=dict)
    #: the evidence behind each trait that was set (the hits of the winning value)
    hits: list[Hit] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    #: traits left unknown because the question pointed both ways: trait -> hits
    conflicts: dict[str, list[Hit]] = field(default_factory=dict)

    def evidence(self, trait: str) -> list[Hit]:
        return [h for h in self.hits if h.trait == trait]


def _cue_index(kb: KnowledgeBase):
    return kb.kept("_cue_index", _build_cue_index)


def _build_cue_index(kb: KnowledgeBase):
    phrase = sorted((c for c in kb.cues.values() if not c.number), key=lambda c: c.id)
    number = sorted((c for c in kb.cues.values() if c.number), key=lambda c: c.id)
    assumed = {}
    for c in sorted(kb.cues.values(), key=lambda c: c.id):
        if c.assume:
            assumed.setdefault(c.trait, c)
    return phrase, number, assumed


class _NearWords:
    """The number cues' words in each sentence of a text, found once per sentence (not once per
    quantity: a text of thousands of quantities stays linear), and the nearest to a quantity."""

    def __init__(self, text: str, cues):
        self.text, self.cues = text, cues
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.starts = [m.start() + 1 for m in _SENTENCE_END.finditer(text)]
        self.sentences: dict[int, tuple[list[int], list[tuple[int, int, Any]], int]] = {}

    def _words(self, pos: int):
        """The words of the sentence around ``pos``: (their starts, (start, end, cue), longest)."""
        i = bisect.bisect_right(self.ends, pos)  # sentence i starts after the i-th end
        found = self.sentences.get(i)
        if found is None:
            s0 = self.ends[i - 1] if i else 0
            s1 = self.starts[i] if i < len(self.starts) else len(self.text)
            sentence = self.text[s0:s1]
            words = sorted((
                (w.start() + s0, w.end() + s0, cue)
                for cue in self.cues for pattern in cue.patterns for w in pattern.finditer(sentence)
            ), key=lambda w: (w[0], w[1], w[2].id))
            found = self.sentences[i] = ([w[0] for w in words], words, max((w[1] - w[0] for w in words), default=0))
        return found

    def best(self, start: int, end: int):
        """(gap, cue) of the cue word nearest to the quantity at start:end (within NEAR), or None."""
        starts, words, longest = self._words(start)
        best = None
        lo = bisect.bisect_left(starts, start - NEAR - longest)
        hi = bisect.bisect_right(starts, end + NEAR)
        for ws, we, cue in words[lo:hi]:
            gap = max(ws - end, start - we, 0)
            if gap <= NEAR and (best is None or (gap, cue.id) < (best[0], best[1].id)):
                best = (gap, cue)
        return best


def read(kb: KnowledgeBase, text: str, overrides: dict[str, Any] | None = None) -> Reading:
    """The traits a (normalised) question gives away, with their evidence."""
    phrase_cues, number_cues, assumed = _cue_index(kb)
    reading = Reading(text=text)
    candidates: list[Hit] = []
    rejected: list[Hit] = []
    for cue in phrase_cues:
        if cue.trait not in kb.questions:
            continue
        for pattern in cue.patterns:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    value, start = cue.value, m.start()
                    denied = False
                    if isinstance(value, bool):
                        lead = _NOT_NEEDED_BEFORE.search(text[max(0, start - 40):start])
                        if lead or _NOT_NEEDED_AFTER.search(text[m.end():m.end() + 20]):
                            # "does not need control over placement": the requirement is denied
                            value, denied = not value, True
                            if lead:
                                start -= len(lead.group(0))
                    if not denied and _rejected(text, m.start(), m.end()):
                        # "without a NAT gateway", "the team rejected attaching it to the VPC": a
                        # rejected phrase says nothing of what the scenario has
                        rejected.append(Hit(cue.trait, value, "cue", cue.id, start, m.end(), text[start:m.end()]))
                        continue
                    candidates.append(Hit(cue.trait, value, "cue", cue.id, start, m.end(), text[start:m.end()]))
    quantities = [(m.start(), m.end(), m) for m in _QUANTITY.finditer(text)]
    accepted: list[Hit] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for hit in sorted(candidates, key=lambda h: (-(h.end - h.start), h.start, h.cue)):
        spans = taken.setdefault(hit.trait, [])
        if any(hit.start < e and s < hit.end for s, e in spans):
            continue
        spans.append((hit.start, hit.end))
        accepted.append(hit)
    by_trait: dict[str, list[Hit]] = {}
    for hit in sorted(accepted, key=lambda h: h.start):
        by_trait.setdefault(hit.trait, []).append(hit)
    for trait, hits in sorted(by_trait.items()):
        q = kb.questions[trait]
        if q.type is TraitType.NUMBER:
            continue  # numbers come from quantities first, below
        _vote(reading, trait, hits)
    _numbers(kb, reading, quantities, number_cues, by_trait)
    # Assumptions fill in what a scenario leaves unsaid; a text that says nothing we recognise
    # gets none, so that it is not mistaken for a scenario.
    spoke = bool(reading.traits or reading.conflicts)
    for trait, cue in sorted(assumed.items()):
        if trait in {h.trait for h in rejected}:
            continue  # the text spoke of it, if only to deny it: a default must not speak for the text
        if spoke and trait not in reading.traits and trait not in reading.conflicts and trait in kb.questions:
            reading.traits[trait] = cue.value
            reading.hits.append(Hit(trait, cue.value, "assumed", cue.id))
    for trait, value in sorted((overrides or {}).items()):
        reading.hits = [h for h in reading.hits if h.trait != trait]
        reading.conflicts.pop(trait, None)
        if value is None:
            reading.traits.pop(trait, None)
            continue
        reading.traits[trait] = value
        reading.hits.append(Hit(trait, value, "override"))
    for hit in rejected:
        if not any(h.start is not None and h.start <= hit.start and hit.end <= h.end for h in reading.hits if h.trait == hit.trait):
            reading.ignored.append(Ignored(hit.trait, hit.text, hit.start, hit.end, "negated or rejected in the text"))
    reading.ignored.sort(key=lambda i: (i.start, i.end, i.trait or ""))
    reading.traits = dict(sorted(reading.traits.items()))
    reading.hits.sort(key=lambda h: (h.trait, h.start if h.start is not None else -1))
    return reading


def _vote(reading: Reading, trait: str, hits: list[Hit]) -> None:
    # Each cue votes once, however often its words recur: "dynamic ... dynamic pages" is one voice.
    voters: dict[Any, set[str]] = {}
    for h in hits:
        voters.setdefault(h.value, set()).add(h.cue)
    counts = {value: len(cues) for value, cues in voters.items()}
    best = max(counts.values())
    winners = [v for v, n in counts.items() if n == best]
    if len(winners) == 1:
        reading.traits[trait] = winners[0]
        reading.hits.extend(h for h in hits if h.value == winners[0])
    else:
        reading.conflicts[trait] = hits


def _numbers(kb, reading: Reading, quantities, number_cues, phrase_hits: dict[str, list[Hit]]) -> None:
    text = reading.text
    found: dict[str, list[Hit]] = {}
    near = _NearWords(text, [c for c in number_cues if c.trait in kb.questions])  # linear in the text
    for start, end, m in quantities:
        amount = float(m.group(1).replace(",", ""))
        unit = m.group(2).lower()
        gb = amount * UNITS[unit]
        before = _BELOW_BEFORE.search(text[max(0, start - 20):start])
        if before or _BELOW_AFTER.search(text[end:end + 8]):
            gb *= BELOW
        best = near.best(start, end)
        shown = (before.group(0) if before else "") + m.group(0)
        if best is None:
            reading.ignored.append(Ignored(None, shown, start, end, "no trait is about this quantity"))
            continue
        cue = best[1]
        q = kb.questions[cue.trait]
        value = round(gb, 6)
        if not q.min <= value <= q.max:
            reading.ignored.append(Ignored(
                cue.trait, shown, start, end,
                f"{format_number(value)} {q.unit} is outside what {cue.trait} can be ({format_number(q.min)} to {format_number(q.max)} {q.unit})",
            ))
            continue
        found.setdefault(cue.trait, []).append(Hit(cue.trait, value, "quantity", cue.id, start - len(shown) + len(m.group(0)), end, shown))
    # Phrase cues on number traits ("several GB") count only where no quantity was read.
    for trait, hits in phrase_hits.items():
        if kb.questions[trait].type is TraitType.NUMBER and trait not in found:
            found[trait] = hits
    for trait, hits in sorted(found.items()):
        top = max(h.value for h in hits)
        reading.traits[trait] = top
        reading.hits.extend(h for h in hits if h.value == top)
