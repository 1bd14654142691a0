"""``python -m advisor`` runs the same CLI as the ``advisor`` console script."""

import sys

from advisor.cli import main

if __name__ == "__main__":  # not when a worker process (--jobs) re-imports the main module
    sys.exit(main())
