"""Former home of option reading and scoring, now :mod:`advisor.explain.proposals` (what an option
proposes) and :mod:`advisor.explain.scoring` (what it scores). Re-exported so code written against the
old module keeps importing while branches merge; new code imports the two modules."""

from advisor.explain.proposals import Mention, asks_for_action, mentions, negative_question, proposal_end  # noqa: F401
from advisor.explain.scoring import WEIGHT, Evidence, Scored, claims_made, distinguish, echoes, score  # noqa: F401
