"""What an answer option proposes: the terms it mentions, which of them it negates or only names
as a qualifier, the direction it turns a setting, and where its proposal ends and its reasons begin.

:mod:`advisor.explain.scoring` weighs what is read here against the engine's conclusions and the
claims. The text of the question is read here too: whether it asks what to do
(:func:`asks_for_action`) and whether it asks for what is NOT true (:func:`negative_question`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.kb import KnowledgeBase


# Negation is grammar, not knowledge about AWS, so it lives here rather than in knowledge/.
_NEGATION_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:do not|don't|never|without|instead of|rather than|replace|replacing|remove|removing|delete|deleting|"
    r"disable|disabling|turn off|avoid|avoiding|before|not|stop using|stop|stopping|decommission|decommissioning|retire|retiring|"
    r"eliminate|eliminating|get rid of|phase out|discontinue|shut down|"
    r"(?:switch|switching|move|moving|migrate|migrating|change|changing|convert|converting|transition|transitioning|go|going)"
    r"(?:\s+\S+){0,2}?\s+(?:away\s+)?from)\s+(?:(?!(?:with|by|using|and|then|to|into)\s)\S+\s+){0,3}$"
    r"|(?<![A-Za-z])too\s+(?:\S+\s+){1,3}to\s+(?:\S+\s+){0,1}$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,6}?(?:is not|are not|isn't|aren't|cannot|can't|can not|does not|doesn't|do not|don't|will not|won't|"
    r"never|not supported|unsupported|no longer)(?![A-Za-z])",
    re.IGNORECASE,
)
# Korean negates after what it negates: "X 대신 Y" and "X 말고 Y" reject X, not Y; "X 없이",
# "X가 아니라", "X를 쓰지 않는다", "X는 지원되지 않는다", "X를 사용할 수 없다". The words between
# the mention and the negation are at most a particle and one word (the same grammar reads the
# question: advisor.explain.cues), so that a later verb's negation does not reach back.
from advisor.explain.cues import _REJECTED_AFTER_KO as _NEGATION_KO  # noqa: E402
#: "X를 Y로 교체한다", "X에서 Y로 전환한다": X is what the option replaces
_REPLACED_KO = re.compile(
    r"^\s?(?:을|를|에서)\s(?:[^\s,.;]+\s){0,3}?[^\s,.;]*(?:로|으로)\s?(?:교체|전환|대체|바꾸|바꿔|바꾼|변경|이전|마이그레이션|옮기|옮겨|옮긴)"
)
# What kind of question: one that asks what to DO weighs a true statement in an option less than
# one that asks which statement is true (a true fact can hang on a wrong action).
_ACTION = re.compile(
    r"(?:what|which) (?:\S+ ){0,5}(?:should|must|can|could|would) (?:\S+ ){0,4}(?:do|use|recommend|configure|implement|choose|"
    r"select|set up|enable|create|deploy|add|change|build)(?![a-z])"
    r"|which (?:(?:one )?of the (?:following|below(?: mentioned)?) |(?:two|three|\d) )?(?:\S+ )?(?:solutions?|approach(?:es)?|options?|services?|combination|architectures?|changes?|steps?|actions?|designs?|"
    r"configurations?|features?|strategy|strategies|methods?|setups?|deployments?)(?![a-z])|how (?:can|should|could|would|do) "
    r"|would you (?:consider|recommend|use|choose|select|implement|do)(?![a-z])|(?:what|which) is the (?:best|most \S+|least \S+) (?:way|solution|approach|option)"
    r"|(?:meets?|meet|satisfy|satisfies|fulfil|fulfill)s? (?:\S+ ){0,2}requirements?"
    r"|가장 (?:적절한|알맞은|효율적인|비용 효율적인|좋은) (?:방법|구성|조치|해결책|선택|조합|서비스|아키텍처)|어떻게 해야|무엇을 (?:해야|사용해야)|(?:사용|선택)해야 하는"
    r"|(?:추천|권장)(?:할 수 있는|하는|해야 하는)? (?:솔루션|옵션|방법|구성|서비스)|어떻게 (?:문제를 )?해결|(?:선택|사용)해야 할까",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"statements?|best practices?|recommended practices?|모범 사례|is (?:true|correct|accurate)|are (?:true|correct)|best describes|what happens|what (?:is|was) (?:the )?(?:cause|wrong|true)"
    r"|(?<![a-z])why(?![a-z])|옳은 것|올바른 설명|맞는 것|설명으로|어떤 일이|원인",
    re.IGNORECASE,
)


def asks_for_action(question: str) -> bool:
    """Does the question ask what to do (rather than which statement is true)?"""
    return bool(_ACTION.search(question)) and not _STATEMENT.search(question)


# A question that asks for the option that is NOT true, the exception, the false or least likely
# one: the answer is what the knowledge refutes. Only the sentence that asks is read, so a
# requirement stated in capitals ("the design must NOT require servers") does not invert the
# question, and "would not require" (a property the answer has) is not read as one.
_SENTENCE = re.compile(r"[^.?!]+[.?!]?")
_ASKING = re.compile(r"\?|(?<![a-z])(?:which|what)(?![a-z])|다음 중|고르|무엇", re.IGNORECASE)
#: the option is the subject of the negation: "Which (of the following) ... is NOT ...", with no
#: clause between ("Which of these explains why the instances are NOT reachable" asks a cause)
_CLAUSE = r"(?:why|that|when|because|if|so|where|whose|who|whether|how|what)(?![A-Za-z])"
_WHICH = r"(?<![A-Za-z])(?:which|what)(?:\s+(?!" + _CLAUSE + r")\S+){0,8}?\s+"
_WHICH_IS = (
    _WHICH + r"(?:is|are|was|were|would|does|do|will|can|could|should|has|have|might|may)(?:\s+(?:\S+ly|also|still|usually|typically))?\s+"
)
#: the same with a long subject, for a predicate that can only call the statement false ("Which
#: statement about restoring a Glacier archive within minutes is incorrect?"): only a statement's,
#: as another long subject holds a clause ("Which setting rejects requests once a token is not valid?")
_WHICH_STATEMENT = (r"(?<![A-Za-z])(?:which|what)(?:\s+(?:one\s+)?of\s+(?:the\s+following|these|those))?\s+"
                    r"(?:statements?|claims?|descriptions?|explanations?|sentences?|assertions?|answers?)(?![A-Za-z])")
_WHICH_IS_LONG = _WHICH_STATEMENT + _WHICH_IS.replace(_WHICH, r"(?:\s+(?!" + _CLAUSE + r")\S+){0,20}?\s+", 1)
_FALSE = r"(?:false|incorrect|untrue|inaccurate|invalid|not\s+(?:true|correct|accurate|valid))(?![a-z])"
#: the option is the object, and the subject stands between the auxiliary and the negation: "Which
#: benefit does an Auto Scaling group NOT give?", "Which of these can Amazon S3 not support?". The
#: subject opens as a noun phrase (a determiner, a pronoun, a name) and holds no auxiliary, clause,
#: preposition, conjunction or adverb: "which solution will make sure the instances do NOT ...", "will
#: the company use for objects NOT accessed", "can the company take and still not give" are not one.
_AUX = r"(?:is|are|was|were|be|been|do|does|did|can|could|will|would|should|has|have|had|might|may|must|not|to)(?![A-Za-z])"
_SUBJECT_OPENS = r"(?:(?:a|an|the|this|these|those|its|their|your|our|each|every|any|some|it|they|we|you|he|she)(?![A-Za-z])|(?-i:[A-Z0-9]))"
_NOT_IN_SUBJECT = (r"(?:and|or|but|nor|for|with|without|from|into|in|on|at|by|about|after|before|until|once|while|whenever|unless|"
                   r"now|still|then|also|yet|later|first|even|only)(?![A-Za-z])")
_WHICH_DOES = (_WHICH + r"(?:do|does|did|can|could|will|would)\s+" + _SUBJECT_OPENS
               + r"\S*(?:\s+(?!" + _AUX + "|" + _CLAUSE + "|" + _NOT_IN_SUBJECT + r")\S+){0,4}?\s+")
#: what the subject does not do for the option asked about ("does S3 not support", "does it not do")
_GIVE = r"(?:do|give|provide|offer|support|include|allow|guarantee|cover)(?![a-z])"
#: the same with the negation contracted into the verb: "which one doesn't affect", "which can't be used"
_WHICH_NOT = r"(?:" + _WHICH_IS + r"(?:not|n't)|" + _WHICH + r"(?:isn't|aren't|doesn't|don't|can't|cannot|won't|wouldn't|couldn't|shouldn't|mightn't))\s+"
#: the same, where the subject is one of the options ("which of the following ...", "which one ..."):
#: "which of these will not help" asks for the exception, "which design will not affect users" a property
_WHICH_OF_NOT = _WHICH_NOT.replace("(?:which|what)", r"(?:which|what)(?=(?:\s+one)?\s+of\s|\s+one\s)")
#: (the "which ... is" part in any case, "Which of the following is NOT ..."; only NOT and EXCEPT in capitals;
#: after a subject's NOT, a verb and at most three words end the question: "NOT route on?", not "NOT over the internet?")
_OBJECT_END = r"\s+(?!" + _NOT_IN_SUBJECT + r"|over|through|across|via|under|within|outside|inside)[A-Za-z-]+(?:\s+\S+){0,3}?\s*[?.!]?\s*$"
_NEGATIVE_CASED = re.compile(
    "(?i:" + _WHICH_IS + r")NOT(?![A-Za-z])|(?i:" + _WHICH_DOES + r")NOT(?i:" + _OBJECT_END + r")|(?<![A-Za-z])EXCEPT(?![A-Za-z])")
_NEGATIVE = re.compile(
    "(?i:" + _WHICH_IS + r"(?:not|n't)\s+(?:be\s+)?(?:an?\s+)?(?:true|correct|valid|accurate|possible|likely|supported|recommended|"
    r"required|needed|necessary|appropriate|suitable|benefits?|advantages?|characteristics?|features?|causes?|reasons?|options?|"
    r"ways?|part|one|among|considered)(?![a-z])"
    # the exception among the options: what will not help, does not affect, cannot be used, is
    # not available, is not an X service ("which will not help to achieve HA", "which one doesn't
    # affect billing", "which can't be used as an origin", "which is not an AWS storage service")
    r"|" + _WHICH_OF_NOT + r"(?:be\s+)?(?:help|helps|helpful|affect|affects|used|use|available|allowed|"
    r"applicable|apply|work|works|charged|billed)(?![a-z])"
    r"|" + _WHICH_NOT + r"(?:an?\s+)?(?:[A-Za-z0-9-]+\s+){0,3}?(?:services?|features?|benefits?|advantages?|"
    r"characteristics?|types?|kinds?|components?|properties|property|examples?|methods?|modes?|options?)(?![a-z])"
    r"|" + _WHICH_NOT + r"(?:a\s+)?(?:valid|supported|possible)(?![a-z])"
    r"|" + _WHICH_IS + _FALSE + r"|" + _WHICH_IS_LONG + _FALSE + r"|" + _WHICH_DOES + r"not\s+" + _GIVE +
    r"|(?<![a-z])(?:false|incorrect|untrue|inaccurate|invalid)\s+(?:statements?|options?|answers?|claims?|descriptions?)(?![a-z])"
    r"|(?<![a-z])(?:syntactically|technically|factually)\s+(?:incorrect|invalid|wrong)(?![a-z])"
    r"|(?<![a-z])least likely(?![a-z])|(?<![a-z])except\s*[:?]?\s*$)"
    r"|(?:아닌|틀린|옳지 않은|올바르지 않은|맞지 않은|잘못된|적절하지 않은|적합하지 않은|해당하지 않는|해당되지 않는|거리가 먼"
    r"|지원하지 않는|지원되지 않는|도움이 되지 않는|도움되지 않는|영향을 주지 않는|영향을 미치지 않는|영향이 없는"
    r"|사용할 수 없는|쓸 수 없는|이용할 수 없는|제공하지 않는|제공되지 않는|가능하지 않은|불가능한"
    # what the subject does not give ("Auto Scaling 그룹으로 얻을 수 없는 이점은?")
    r"|얻을 수 없는|누릴 수 없는)"
    # the negated modifier bears on the thing asked: "... 것은?", or a noun or two with a particle
    # and then the question word ("지원하지 않는 구성을 찾을 수 있습니까?", "올바르지 않은 상태 확인은 무엇일까요?")
    r"\s?(?:것(?:은|을|이|\s*\?|$|\s*(?:고르|무엇))"
    # (not a cause: "사용할 수 없는 이유는 무엇입니까?" asks why)
    # (nor a situation the question is set in: "... 얻을 수 없는 상황에서 가장 적절한 방법은 무엇입니까?")
    r"|(?:(?![^\s.?!]*(?:에서|에게|경우|때|면)\s|가장\s)[^\s.?!]+\s){0,3}?(?!이유|원인|까닭|때문)[^\s.?!]+(?:은|는|을|를|이|가)\s+(?:무엇|어느|어떤|어떻게 되|고르|찾|\S+\s+고르))"
)


def negative_question(question: str) -> bool:
    """Does the question ask for the option that is NOT true (NOT, EXCEPT, FALSE, INCORRECT,
    least likely; 아닌 것, 틀린 것, 옳지 않은 것, 잘못된 것)? Then the option it asks for is the
    one the knowledge contradicts; the verdicts still say whether each statement holds."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(question) if m.group(0).strip()]
    asks = [t for t in sentences if _ASKING.search(t)]
    sentence = asks[-1] if asks else (sentences[-1] if sentences else question)
    return bool(_NEGATIVE_CASED.search(sentence) or _NEGATIVE.search(sentence))


#: where an option's clauses part (proposal clauses, then reasons)
_OPTION_CLAUSE = re.compile(r"\s*(?:[;:]|,?\s+(?:because|since|as|so that|which|so|while)\s|,\s*(?:and\s+|but\s+)?|\.\s+|\s+(?:and|but)\s+)|(?:므로|니까|때문에|하여|해서)\s*")
#: a clause that states or explains rather than proposes: it opens with a reason word or a
#: subject pronoun, or its verb is a form of "be"/a modal ("VPC access is only needed ...")
#: the verbs an option proposes with ("use", "create", "attach", ...)
_PROPOSING = (
    r"use|create|add|configure|set|deploy|enable|attach|put|place|move|migrate|switch|replace|store|launch|run|"
    r"leave|keep|make|assign|associate|turn|install|provision|implement|increase|decrease|reduce|raise|change|update|modify|"
    r"remove|delete|disable|host|serve|send|route|point|register|subscribe|write|copy|upload|apply|grant|allow|deny|"
    r"block|restrict|encrypt|schedule|purchase|buy|request|generate|share"
)
_REASON = re.compile(
    r"^\s*(?:because|since|as|so that|which|so|while|it|its|it's|they|this|that|these|those|there)\s"
    r"|^\s*(?:(?!(?:" + _PROPOSING + r"|download)\b)[A-Za-z0-9'/.-]+\s+){1,4}"
    r"(?:is|are|was|were|can|cannot|can't|will|won't|would|does|do|has|have|only)\s",
    re.IGNORECASE,
)


_IMPERATIVE = re.compile(r"^\s*(?:" + _PROPOSING + r"|give|build|adopt|introduce|do not|don't)(?![A-Za-z])", re.IGNORECASE)


def proposal_end(text: str) -> int:
    """Where the option's proposal ends: the start of its first clause (after the first) that
    states a reason or a fact instead of proposing. The whole text when there is none, or when
    the option does not open with a proposal (an imperative verb): a statement is judged whole."""
    if not _IMPERATIVE.match(text):
        return len(text)
    pos = 0
    for m in _OPTION_CLAUSE.finditer(text):
        clause = text[m.end():]
        if m.end() > 0 and pos < m.start() and _REASON.match(clause):
            return m.start()
        pos = m.end()
    return len(text)


_CLAUSE_BREAK = re.compile(r"[;,.:]|\s(?:and|but|so|because|while|then)\s|므로|지만|이므로|니까|는데")


@dataclass(frozen=True)
class Mention:
    term: str
    start: int
    end: int
    text: str
    negated: bool


def _terms(kb: KnowledgeBase):
    return kb.kept("_term_index", lambda kb: sorted(kb.terms.values(), key=lambda t: t.id))


#: a mention that follows one of these words (and at most three more) in its clause qualifies
#: what the option proposes ("an inbound rule FOR 0.0.0.0/0", "Elastic IPs WITH the load
#: balancer") rather than being proposed itself; verbs whose object follows a preposition
#: ("switch to", "migrate to", "replace ... with") are not qualifiers
_PREPOSITION = r"(?:for|to|with|from|of|on|onto|at|into|inside|within|between|across|than|through|via|behind|in|by)"
_VERB = (
    r"(?:use|using|create|add|configure|set|deploy|enable|attach|put|place|move|migrate|switch|replace|store|launch|run|leave|"
    r"keep|make|assign|associate|turn|install|provision|implement|increase|raise|change|update|modify|host|serve|send|route|"
    r"point|register|subscribe|write|copy|upload|apply|grant|allow|block|restrict|encrypt|schedule|purchase|buy|request|generate|"
    r"share|have|be|get|give|let|build|adopt|introduce|choose|select|pick|go|stay|remain)"
)
#: a mention that follows "for" after a noun qualifies that noun ("an inbound rule FOR 0.0.0.0/0",
#: "a gateway endpoint FOR Amazon S3"): the option proposes the noun, not the mention. After a
#: verb or a pronoun ("use it for ...") the mention is what is proposed. ("Elastic IPs WITH the
#: load balancer" is read by _ATTACH: the option puts one thing on another.)
_MODIFIER = re.compile(
    rf"(?<![A-Za-z])(?!{_VERB}\s|it\s|them\s|this\s|that\s|one\s|ones\s|and\s|or\s)([A-Za-z][\w'-]*)\s+for\s+"
    r"(?:(?:the|a|an|its|their|each|every|all|your|our|its own)\s+)?(?:\S+\s+)?$",
    re.IGNORECASE,
)
_REPLACE = re.compile(r"(?<![A-Za-z])(?:replac|swap|substitut|combin|pair)[a-z]*\s", re.IGNORECASE)


#: "associate X with Y", "attach X to Y", "assign X to Y": the option puts X on Y
_ATTACH = re.compile(
    r"(?<![A-Za-z])(?:associat|attach|assign|add|apply|allocat|bind|binding|link)[a-z]*\s+(?:\S+\s+){0,6}?(?:with|to|on|onto)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)


#: Korean: "Y에 X를 연결한다" / "X를 Y에 할당한다": Y (followed by 에) receives X (followed by 을/를)
_ATTACH_KO = re.compile(r"연결|할당|부여|붙이|붙여|붙인|연동|지정|추가|적용")
_KO_TARGET = re.compile(r"^\s?(?:에|에게|에다)(?!서)")
_KO_OBJECT = re.compile(r"^\s?(?:을|를)")
#: Korean qualifiers: "S3용 게이트웨이 엔드포인트", "0.0.0.0/0에 대한 인바운드 규칙", "X를 위한 Y"
_KO_QUALIFIER = re.compile(r"^\s?(?:용(?:\s|$)|에 대한|을 위한|를 위한|에 대해)")


def _targets_ko(text: str, found: list[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for clause in _clauses_ko(text):
        c0, c1 = clause
        if not _ATTACH_KO.search(text[c0:c1]):
            continue
        inside = [m for m in found if c0 <= m.start < c1 and not m.negated]
        targets = [m for m in inside if _KO_TARGET.match(text[m.end:])]
        objects = [m for m in inside if _KO_OBJECT.match(text[m.end:])]
        for x in objects:
            for y in targets:
                if x.term != y.term:
                    out.setdefault(x.term, set()).add(y.term)
    return out


def _clauses_ko(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[,.;]|하고 |하며 |한 후 |한 다음 ", text):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return out


def proposal_targets(kb: KnowledgeBase, text: str, found: list[Mention]) -> dict[str, set[str]]:
    """term -> the services the option attaches it to ("Elastic IPs with the load balancer",
    "ALB에 탄력적 IP를 연결"): a rule about the term alone does not speak to the term on that target."""
    out: dict[str, set[str]] = _targets_ko(text, found)
    for target in found:
        service = kb.terms[target.term].service or kb.terms[target.term].name
        if target.negated:
            continue
        before, _ = _clause(text, target.start, target.start)
        m = _ATTACH.search(before)
        if not m:
            continue
        begin = target.start - len(before) + m.start()
        for x in found:
            if begin <= x.start < target.start and x.term != target.term and kb.terms[x.term].service != service:
                out.setdefault(x.term, set()).add(target.term)
    return out


# The direction of a setting: "increase the visibility timeout" and "decrease the visibility
# timeout" name the same term; a rule that says to raise it does not back lowering it.
_UP_WORDS = r"increase|increases|increasing|raise|raises|raising|extend|extends|extending|lengthen|lengthening|longer|higher|larger|bigger|more|늘리|늘려|늘린|높이|높여|높인|연장|길게|크게"
_DOWN_WORDS = r"decrease|decreases|decreasing|reduce|reduces|reducing|lower|lowers|lowering|shorten|shortens|shortening|shorter|smaller|less|fewer|줄이|줄여|줄인|낮추|낮춰|낮춘|단축|짧게|작게"
_DIRECTION_BEFORE = re.compile(rf"(?<![A-Za-z])(?:({_UP_WORDS})|({_DOWN_WORDS}))(?![A-Za-z])\s+(?:\S+\s+){{0,3}}$", re.IGNORECASE)
_DIRECTION_AFTER = re.compile(
    rf"^\s*(?:\S+\s+){{0,4}}?(?:to (?:a |an |the )?)?(?:({_UP_WORDS})|({_DOWN_WORDS}))(?![A-Za-z])(?! than \d)", re.IGNORECASE
)
_RULE_DIRECTION = re.compile(
    rf"(?:^|:\s*)(?:({_UP_WORDS})|({_DOWN_WORDS}))(?![A-Za-z])|(?:^|:\s*)set (?:\S+ ){{1,5}}?(?:({_UP_WORDS})|({_DOWN_WORDS}))(?![A-Za-z])",
    re.IGNORECASE,
)


def _direction(m) -> int:
    if not m:
        return 0
    groups = m.groups()
    up = any(groups[i] for i in range(0, len(groups), 2))
    down = any(groups[i] for i in range(1, len(groups), 2))
    return 1 if up and not down else -1 if down and not up else 0


def option_direction(text: str, mention: Mention) -> int:
    """+1 where the option raises the mentioned setting, -1 where it lowers it, 0 when it says neither."""
    before, after = _clause(text, mention.start, mention.end)
    return _direction(_DIRECTION_BEFORE.search(before)) or _direction(_DIRECTION_AFTER.search(after))


def rule_direction(rule) -> int:
    """+1 for a rule that says to raise something ("Raise ...", "Set X longer ..."), -1 to lower it."""
    return _direction(_RULE_DIRECTION.search(rule.title.get("en")))


def linked(term, rule) -> bool:
    """Is the rule about this term: its subject, one of its links, or named in what the rule says
    to do (its title)? Not its detail: a detail also names what the advice is NOT for ("an ALB
    cannot hold one")."""
    if rule.service in (term.service, term.name) or rule.id in term.supports or rule.id in term.contradicts:
        return True
    words = [rule.title.get(lang) for lang in ("en", "ko")]
    return any(p.search(w) for p in term.patterns for w in words if w)


def qualifies(text: str, mention: Mention) -> bool:
    if _KO_QUALIFIER.match(text[mention.end:]):
        return True
    before, _ = _clause(text, mention.start, mention.start)
    return bool(_MODIFIER.search(before)) and not _REPLACE.search(before)


_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")


def mentions(kb: KnowledgeBase, text: str) -> list[Mention]:
    """The terms an option names; overlapping names resolve to the longest."""
    found = []
    # "auto-scaling group" and "auto scaling group": a hyphen between letters is also read as a
    # space (same length, so the places found are the option's own)
    unhyphenated = _HYPHEN.sub(" ", text)
    texts = (text,) if unhyphenated == text else (text, unhyphenated)
    for term in _terms(kb):
        for pattern in term.patterns:
            for variant in texts:
                for m in pattern.finditer(variant):
                    if m.end() > m.start():
                        found.append((m.start(), m.end(), term.id, text[m.start():m.end()]))
    taken: list[tuple[int, int]] = []
    out = []
    for start, end, term_id, shown in sorted(set(found), key=lambda f: (-(f[1] - f[0]), f[0], f[2])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        out.append(Mention(term_id, start, end, shown, _negated(text, start, end)))
    out.sort(key=lambda m: (m.start, m.term))
    return out


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the clause before and after a mention."""
    before = text[:start]
    after = text[end:]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    m = _CLAUSE_BREAK.search(after)
    if m:
        after = after[: m.start()]
    return before, after


def _negated(text: str, start: int, end: int) -> bool:
    before, after = _clause(text, start, end)
    return bool(
        _NEGATION_BEFORE.search(before)
        or _NEGATION_AFTER.search(after)
        or _NEGATION_KO.search(after)
        or _REPLACED_KO.search(text[end:])
    )


def matches_any(pattern, texts: tuple[str, ...]) -> bool:
    for t in texts:
        if pattern.search(t):
            return True
    return False
