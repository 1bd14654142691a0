"""Every string the consultation shows, in English and Korean."""

from __future__ import annotations

import os
from typing import Mapping

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("arch-advisor consultation", "arch-advisor 상담"),
    "intro": (
        "Only questions whose answer can still change a conclusion are asked ({n} could matter now).",
        "결론을 바꿀 수 있는 질문만 묻습니다(지금은 {n}개가 영향을 줄 수 있음).",
    ),
    "keys": (
        "Arrow keys and Enter to answer · y/n yes or no · d don't know · ? why this question · b back · Ctrl-C stops and saves.",
        "화살표 키와 Enter로 답하세요 · y/n 예/아니요 · d 모름 · ? 이 질문을 하는 이유 · b 뒤로 · Ctrl-C는 저장 후 종료.",
    ),
    "parts_progress": ("Question 1 · what the design contains", "질문 1 · 설계에 들어 있는 것"),
    "parts_help": (
        "Only the questions of the parts you tick are asked; the others stay unknown, as \"don't know\" leaves them.",
        "고른 구성 요소의 질문만 묻습니다. 나머지는 '모름'으로 답한 것처럼 알 수 없는 채로 둡니다.",
    ),
    "parts_prompt": ("Which of these does the design contain (or will it)?", "설계에 다음 중 무엇이 들어 있습니까(또는 들어갈 예정입니까)?"),
    "parts_hint": ("(↑↓ move · space ticks · a all · Enter done)", "(↑↓ 이동 · 스페이스 선택 · a 전체 · Enter 완료)"),
    "parts_chosen": ("The design contains: {parts}.", "설계 구성: {parts}."),
    "parts_none": ("none of these parts", "목록의 구성 요소 없음"),
    "why_brief_title": ("Why this question ({trait}): {n} conclusion(s) not reached yet depend on it.",
                        "이 질문({trait})을 하는 이유: 아직 나오지 않은 결론 {n}개가 이 답에 달려 있습니다."),
    "why_brief_leads": ("{answer} → {outcomes}", "{answer} → {outcomes}"),
    "why_brief_nothing": ("none of these conclusions", "이 결론들 중 어느 것도 아님"),
    "why_brief_general": ("design advice", "설계 조언"),
    "why_brief_more_names": ("{n} more", "외 {n}개"),
    "why_brief_more": ("Press ? again for the full reasoning (rules, premises and notes).",
                       "? 를 한 번 더 누르면 전체 근거(규칙, 전제, 노트)를 보여 줍니다."),
    "kind_recommend": ("recommend", "추천"),
    "kind_avoid": ("avoid", "비추천"),
    "kind_warn": ("warning", "경고"),
    "kind_advise": ("advice", "조언"),
    "resumed": ("Resumed from {file}: {n} answer(s) already given.", "{file}에서 이어서 진행합니다. 이미 답한 항목 {n}개."),
    "saving_to": ("Each answer is saved to {file}.", "답할 때마다 {file}에 저장합니다."),
    "will_replace": ("{file} already exists: the first answer replaces it (to continue it instead, add --answers {file}).",
                     "{file} 파일이 이미 있습니다. 첫 답변부터 이 파일을 덮어씁니다(이어서 하려면 --answers {file}을 추가하세요)."),
    "progress": ("Question {n} · at most {left} more", "질문 {n} · 최대 {left}개 남음"),
    "progress_last": ("Question {n} · may be the last", "질문 {n} · 마지막일 수 있음"),
    "yes": ("Yes", "예"),
    "no": ("No", "아니요"),
    "dont_know": ("Don't know", "모름"),
    "why": ("Why are you asking?", "왜 묻나요?"),
    "back": ("Back (previous question)", "뒤로(이전 질문)"),
    "hint_move": ("↑↓ Enter", "↑↓ Enter"),
    "hint_yes_no": ("y/n", "y/n 예/아니요"),
    "hint_dont_know": ("d don't know", "d 모름"),
    "hint_why": ("? why", "? 이유"),
    "hint_back": ("b back", "b 뒤로"),
    "hint_range": ("{lo} to {hi} {unit}", "{lo}~{hi} {unit}"),
    "hint_back_word": ("back", "back 뒤로"),
    "hint_empty": ("empty or - don't know", "빈칸이나 - 는 모름"),
    "not_a_number": ("Type a number of {unit}, or ? for why, back, or - for don't know", "{unit} 단위의 숫자를 입력하세요. ? 는 이유, back 은 뒤로, - 는 모름"),
    "out_of_range": ("Must be between {lo} and {hi} {unit}", "{lo}에서 {hi} {unit} 사이여야 합니다"),
    "no_back": ("This is the first question of this consultation: there is nothing to go back to.",
                "이번 상담의 첫 질문이라 돌아갈 곳이 없습니다."),
    "went_back": ("Back to the previous question; what depended on it is asked again if it still matters.",
                  "이전 질문으로 돌아갑니다. 이 답에 따라 달라지는 질문은 필요하면 다시 묻습니다."),
    "answered_dont_know": ("don't know", "모름"),
    "why_title": ("Why this question ({trait})", "이 질문({trait})을 하는 이유"),
    "why_count": ("{n} conclusion(s) not reached yet can still be decided by this answer:",
                  "아직 나오지 않은 결론 {n}개가 이 답으로 정해질 수 있습니다:"),
    "would_conclude": ("would conclude", "나올 결론"),
    "known": ("known", "알려짐"),
    "open": ("not answered yet", "아직 답하지 않음"),
    "this_question": ("this question", "이 질문"),
    "via": ("through", "경유"),
    "fact_open": ("not derived yet", "아직 도출되지 않음"),
    "fact_known": ("derived", "도출됨"),
    "done": ("No other answer can change a conclusion: {asked} question(s) asked this time, {total} in the full questionnaire.",
             "더 이상 결론을 바꿀 답이 없습니다. 이번에 {asked}개를 물었고, 전체 질문은 {total}개입니다."),
    "report_title": ("Consultation report", "상담 보고서"),
    "how_heading": ("How each conclusion was reached", "각 결론에 이른 과정"),
    "menu": ("What next?", "다음은?"),
    "menu_why_not": ("Why not {name}?", "{name}: 왜 결론에 없나요?"),
    "menu_how": ("How: {name} (with the notes' full text)", "과정: {name} (노트 전문 포함)"),
    "menu_done": ("Done", "끝내기"),
    "menu_hint": ("(↑↓ Enter · type to filter)", "(↑↓ Enter · 입력해서 거르기)"),
    "saved": ("Answers saved to {file}.", "답변을 {file}에 저장했습니다."),
    "saved_new": ("Answers saved to {file} (a new file: nothing was overwritten).",
                  "답변을 새 파일 {file}에 저장했습니다(기존 파일은 덮어쓰지 않음)."),
    "report_again": ("This report again: advisor evaluate {file}{flag}", "이 보고서를 다시 보려면: advisor evaluate {file}{flag}"),
    "save_moved": ("{old} was changed by another program since it was read: the answers are saved to {file} instead.",
                   "{old} 파일을 읽은 뒤 다른 프로그램이 바꾸었습니다. 답변은 대신 {file}에 저장합니다."),
    "resume_with": ("Resume with: advisor consult --answers {file} --save {file}",
                    "이어서 하려면: advisor consult --answers {file} --save {file} --lang ko"),
    "stopped": ("Stopped.", "중단했습니다."),
    "nothing_to_save": ("Stopped before any answer: nothing to save.", "답하기 전에 중단해 저장할 것이 없습니다."),
    "not_a_terminal": (
        "advisor consult asks questions in an interactive terminal, and standard input is not one; "
        "to get a report from an answers file, use `advisor evaluate FILE`",
        "advisor consult는 대화형 터미널에서 질문하는데 표준 입력이 터미널이 아닙니다. "
        "답변 파일로 보고서를 받으려면 `advisor evaluate FILE`을 쓰세요",
    ),
}


def text(key: str, lang: str, **fields: object) -> str:
    en, ko = STRINGS[key]
    chosen = ko if lang == "ko" else en
    return chosen.format(**fields) if fields else chosen


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: Korean when LC_ALL, LC_MESSAGES or LANG (the first one
    set, in that order of precedence) starts with "ko"; English otherwise."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"
