"""Answer sets: checking them against the questionnaire, reading them, saving them.

An answers file is JSON: one object of trait -> value, a list of such objects, or JSON Lines (one
object per line). ``null`` means "don't know", exactly like leaving the trait out.

* :mod:`advisor.answers.check`   one answer set against the questionnaire (``validate``);
* :mod:`advisor.answers.read`    one answer set from a file (``how``, ``why-not``, ``diff``, a resumed
  consultation), and the test of whether a text is JSON Lines;
* :mod:`advisor.answers.stream`  a batch as a stream of records, in flat memory (``evaluate``,
  ``explain`` on a batch);
* :mod:`advisor.answers.write`   the JSON ``evaluate`` reads, written atomically or to a new file.

Reading bytes, text and strict JSON from any input is :mod:`advisor.inputs`'s; writing a file
atomically is :mod:`advisor.atomic`'s.
"""

from advisor.answers.check import META_FIELDS, META_KEY, check_meta, check_value, suggest_choice, validate
from advisor.answers.read import Record, load_answers, load_consultation, looks_like_json_lines
from advisor.answers.write import answers_text, dump_answers, save, save_new, stamp
from advisor.answers.stream import RecordStream, open_records

__all__ = [
    "META_FIELDS", "META_KEY", "Record", "RecordStream", "answers_text", "check_meta", "check_value", "dump_answers",
    "load_answers", "load_consultation", "looks_like_json_lines", "open_records", "save", "save_new", "stamp",
    "suggest_choice", "validate",
]
