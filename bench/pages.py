"""``python -m bench.pages PDF...`` prints the page count of each PDF, one a line.

Run as its own process: reading a PDF of a thousand pages takes hundreds of MiB, which must
not stay in the benchmark's own process (its children would inherit that peak).
"""

from __future__ import annotations

import sys


def main(paths: list[str]) -> int:
    from pypdf import PdfReader

    for path in paths:
        print(len(PdfReader(path).pages))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
