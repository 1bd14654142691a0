"""Words of the HOW / WHY NOT / WHAT-IF explanations, in English and Korean."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # HOW
    "how_title": ("How the advisor reached it", "이 결론에 이른 과정"),
    "how_of": ("How: {name}", "{name}: 결론에 이른 과정"),
    "answer": ("answer", "답변"),
    "derived_by": ("derived by rule", "도출한 규칙"),
    "rule": ("rule", "규칙"),
    "step": ("step", "단계"),
    "note": ("note", "노트"),
    "correction": ("correction", "정정"),
    "notes_heading": ("Notes", "노트"),
    "would_recommend": ("would recommend", "권장할 결론"),
    "would_avoid": ("would advise against", "피하라고 할 결론"),
    "would_warn": ("would warn", "경고할 결론"),
    "would_advise": ("would advise", "조언할 결론"),
    "not_reached_mark": ("not reached", "도달하지 못함"),
    "not_reached": (
        "{name} was not reached on these answers; `advisor why-not` tells why.",
        "이 답변으로는 {name}에 이르지 못했습니다. 이유는 `advisor why-not`으로 확인하세요.",
    ),
    # WHY NOT
    "why_not_of": ("Why not {name}?", "{name}: 결론에 없는 이유"),
    "already_reached": ("{name} was reached: see how below.", "{name}에 이미 이르렀습니다. 아래 과정을 보세요."),
    "premise_holds": ("holds", "충족"),
    "premise_fails": ("fails", "불충족"),
    "premise_open": ("not answered", "답하지 않음"),
    "premise_dont_know": ("don't know", "모름"),
    "premise_not_derived": ("not derived", "도출되지 않음"),
    "answered": ("answered", "답변"),
    "could_come_from": ("could come from", "다음에서 나올 수 있음"),
    "smallest_change": ("Smallest change that reaches it (checked by running the rules again)",
                        "여기에 이르는 가장 작은 답변 변경(규칙을 다시 실행해 확인함)"),
    "no_change": ("No change of answers reaches it.", "어떤 답변 변경으로도 이르지 못합니다."),
    "reaches": ("reaches", "도달"),
    "also_adds": ("also adds", "함께 추가"),
    "also_removes": ("also removes", "함께 제거"),
    "concluded_instead": ("Concluded about {name} instead", "대신 {name}에 대해 내린 결론"),
    "rules_for": ("rules that would conclude it", "이 결론을 낼 규칙"),
    # WHAT-IF
    "diff_title": ("What changes from {a} to {b}", "{a}에서 {b}로 바뀌는 것"),
    "changed_answers": ("Changed answers", "바뀐 답변"),
    "no_changed_answers": ("The answers are the same.", "답변이 같습니다."),
    "added": ("Added", "추가된 결론"),
    "removed": ("Removed", "사라진 결론"),
    "caused_by": ("because", "원인"),
    "unchanged": ("{n} conclusion(s) unchanged", "변하지 않은 결론 {n}개"),
    "no_conclusion_change": ("No conclusion changes.", "결론은 바뀌지 않습니다."),
    "unknown_value": ("no answer", "답 없음"),
}


def label(key: str, lang: str, **fields: object) -> str:
    en, ko = LABELS[key]
    text = ko if lang == "ko" else en
    return text.format(**fields) if fields else text
