"""Explanations built on evaluations: HOW a conclusion was reached, WHY NOT another one, and
WHAT-IF (how the conclusions change between two answer sets). Used by the CLI commands and by the
interactive consultation's report."""
