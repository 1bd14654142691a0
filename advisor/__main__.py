"""``python -m advisor`` runs the same CLI as the ``advisor`` console script."""

import sys

from advisor.cli import main

sys.exit(main())
