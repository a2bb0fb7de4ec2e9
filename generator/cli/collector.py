"""The cyclic collector after a build: off while its output is compared or written.

A build's objects (the named IR, the views, the files) are all alive until the command ends,
and `pipeline._collector` leaves them out of the collector's passes only while the build runs.
Planning and writing the files (or diffing them, for `check`) then allocate enough to set off a
full pass over all of them, which finds nothing to free (0.4-0.45 s on Graph's SDK) and
little cyclic garbage is made meanwhile: reference counting frees it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_collections() -> Iterator[None]:
    """No cyclic collection in the block (the caller's setting restored after it)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
