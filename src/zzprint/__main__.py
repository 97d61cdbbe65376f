"""``python -m zzprint``: same as the ``zzprint`` command."""

import sys

from .cli import main

sys.exit(main())
