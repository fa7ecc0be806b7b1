"""The benchmark of the briefing build: ``python -m bench`` (or ``make bench``).

Everything is measured in one run and reported as ratios, because the machine is shared and
absolute times are noisy: a clean build against WeasyPrint alone, a no-op ``doit`` against
doit on a one-task dodo file, a one-summary edit, and synthetic content at 10 and 100 times
the real ledger. It prints a table and writes ``build/bench.json``; it asserts nothing.
"""
