"""``python -m zzprint.preflight FILE.pdf`` — the same as ``zzprint check``."""

import sys

from .cli import main

sys.exit(main())
