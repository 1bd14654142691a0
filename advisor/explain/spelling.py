"""Another spelling of the same text, for matching claims: writers abbreviate ("ASG", "ALB",
"DLQ", "CRR"), hyphenate or not ("auto-scaling group", "dead letter queue", "multi AZ") and spell
the British way ("licence", "optimise", "centralised"); the knowledge's patterns are written one
way. :func:`respelt` gives the text with the abbreviations written out, the usual hyphenation and
American spelling, or None when nothing changes; a claim's pattern matches where it matches either
text. This is grammar of how people write about AWS, not knowledge about it, so it lives in code
(the same in Korean text: "ASG를", "ALB에" — an abbreviation ends where Latin letters end)."""

from __future__ import annotations

import re

#: abbreviation (as written, with an optional plural s) -> the name written out
_ABBREVIATIONS = {
    "ALB": "Application Load Balancer",
    "NLB": "Network Load Balancer",
    "GWLB": "Gateway Load Balancer",
    "CLB": "Classic Load Balancer",
    "ASG": "Auto Scaling group",
    "DLQ": "dead-letter queue",
    "CRR": "Cross-Region Replication",
    "SRR": "Same-Region Replication",
    "EIP": "Elastic IP",
    "IGW": "internet gateway",
    "NGW": "NAT gateway",
    "NACL": "network ACL",
    "ENI": "elastic network interface",
    "VPCE": "VPC endpoint",
    "KDS": "Kinesis Data Streams",
    "KDF": "Kinesis Data Firehose",
    "S3TA": "S3 Transfer Acceleration",
    "SG": "security group",
    "R53": "Route 53",
    "PIOPS": "Provisioned IOPS",
}
_ABBREVIATION = re.compile(
    r"(?<![A-Za-z0-9-])(" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")(s?)(?![A-Za-z0-9-])"
)

#: hyphenation and spacing: (pattern, usual form)
_HYPHENATION = [
    (re.compile(r"(?<![A-Za-z])auto[- ]?scal(ing|ed|e)(?![A-Za-z])", re.IGNORECASE), r"Auto Scal\1"),
    (re.compile(r"(?<![A-Za-z])dead[ ]?letter(?![A-Za-z])", re.IGNORECASE), "dead-letter"),
    (re.compile(r"(?<![A-Za-z])read[- ]only replica", re.IGNORECASE), "read replica"),
    (re.compile(r"(?<![A-Za-z])read-replica", re.IGNORECASE), "read replica"),
    (re.compile(r"(?<![A-Za-z])multi[ ]?(AZ|Region)(?![A-Za-z])", re.IGNORECASE), r"multi-\1"),
    (re.compile(r"(?<![A-Za-z])cross[ ]?(region|zone|account)(?![A-Za-z])", re.IGNORECASE), r"cross-\1"),
    (re.compile(r"(?<![A-Za-z])pre[- ]?signed(?![A-Za-z])", re.IGNORECASE), "presigned"),
    (re.compile(r"(?<![A-Za-z])health[- ]?checks?(?![A-Za-z])", re.IGNORECASE), lambda m: m.group(0).replace("-", " ") if " " in m.group(0) or "-" in m.group(0) else m.group(0)[:6] + " " + m.group(0)[6:]),
]

#: British spelling -> American, for the words architects write
_BRITISH = re.compile(
    r"(?<![A-Za-z])(organi|optimi|minimi|maximi|centrali|decentrali|authori|recogni|prioriti|standardi|synchroni|customi|utili|"
    r"reali|seriali|normali|virtuali|containeri|categori|summari|finali|initiali|itemi|anonymi|personali|"
    r"locali|globali|tokeni|moderni|capitali|moneti)s(e|ed|es|ing|ation|ations)(?![A-Za-z])"
    r"|(?<![A-Za-z])(licen)c(e|es|ed|ing)(?![A-Za-z])"
    r"|(?<![A-Za-z])(behavio|favo|colo|labo)ur(s|ed|ing)?(?![A-Za-z])"
    r"|(?<![A-Za-z])(cent|met)re(s)?(?![A-Za-z])"
    r"|(?<![A-Za-z])(analy|paraly)s(e|ed|es|ing)(?![A-Za-z])"
    r"|(?<![A-Za-z])(catalog)ue(s)?(?![A-Za-z])",
    re.IGNORECASE,
)


def _american(m: re.Match) -> str:
    g = m.groups()
    if g[0]:
        return f"{g[0].rstrip('s')}z{g[1]}" if g[0].endswith("s") else f"{g[0]}z{g[1]}"
    if g[2]:
        return f"{g[2]}s{g[3]}"
    if g[4]:
        return f"{g[4]}r{g[5] or ''}"
    if g[6]:
        return f"{g[6]}er{g[7] or ''}"
    if g[8]:
        return f"{g[8]}z{g[9]}"
    return f"{g[10]}{g[11] or ''}"


def _written_out(m: re.Match) -> str:
    full = _ABBREVIATIONS[m.group(1)]
    return full + ("s" if m.group(2) else "")


def respelt(text: str) -> str | None:
    """The text with abbreviations written out, the usual hyphenation and American spelling;
    None when that changes nothing (most texts: the caller then matches once)."""
    out = _ABBREVIATION.sub(_written_out, text)
    for pattern, repl in _HYPHENATION:
        out = pattern.sub(repl, out)
    out = _BRITISH.sub(_american, out)
    return None if out == text else out
