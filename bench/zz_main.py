"""``zzprint`` for a profiler: :func:`zzprint.cli.main` with the interpreter's usual exit.

The ``zzprint`` command leaves by ``os._exit`` once everything is delivered (cli.run), which
would also skip the profiler's report, written at exit.
"""

import sys

from zzprint.cli import main

sys.exit(main())
