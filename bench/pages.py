"""``python -m bench.pages PDF...`` prints the page count of each PDF, one a line.

Run as its own process: reading a PDF of a thousand pages takes hundreds of MiB, which must
not stay in the benchmark's own process (its children would inherit that peak). pikepdf
(qpdf) opens such a PDF in under a second, pypdf in about fifteen: pikepdf when installed.
"""

from __future__ import annotations

import sys


def count(path: str) -> int:
    try:
        import pikepdf
    except ImportError:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def main(paths: list[str]) -> int:
    for path in paths:
        print(count(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
