"""Python's cyclic garbage collector, held off while WeasyPrint renders an edition.

A render makes millions of small objects (boxes, styles, text runs, PDF operators) and
hardly any reference cycles: in the Letter edition, the collector's automatic passes found
about 8,000 objects to free in all. Each pass still walks the objects that are alive, and
they grow with the render, so the passes cost about a sixth of the render's time.
Reference counting frees the rest as before: the render's peak memory is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; the collector is as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
