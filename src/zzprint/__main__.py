"""``python -m zzprint``: same as the ``zzprint`` command."""

from .cli import run

run()
