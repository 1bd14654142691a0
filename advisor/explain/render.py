"""Former home of the explanation's rendering, now :mod:`advisor.present.explain`. Re-exported so code
written against the old module (the team's /work/real/score_fast.py, branches in flight) keeps
importing; new code imports advisor.present.explain."""

from advisor.present.explain import explanation_json, render  # noqa: F401
