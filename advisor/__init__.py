"""arch-advisor: a rule-based expert system for AWS architecture decisions.

Kept import-light on purpose: ``advisor --version`` and ``advisor --help`` must not pay
for experta, rich or the knowledge base.
"""

__version__ = "0.1.0"
