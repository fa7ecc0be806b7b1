"""Synthetic content: the real ledger copied to ``factor`` times its size, still valid.

Each copy of an event gets a new id and keeps its date, actors, summary and citations:
sources and archives are kept as they are, so every quotation still occurs verbatim in the
body of its source and the scaled content validates like the real one. The copies go to
``ledger/copy-NNN.yaml`` (one file per copy, so that no file nears the loader's size
limit); the document, narrative and judgments still cite the original events.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from briefing.diagnostics import Diagnostics
from briefing.yamlfile import read_yaml


def read_events(content: Path) -> list[dict]:
    """Every event of ``content/ledger/*.yaml``, as plain data (dates stay text)."""
    diagnostics = Diagnostics()
    events = []
    for path in sorted((content / "ledger").glob("*.yaml")):
        parsed = read_yaml(path, str(path), diagnostics)
        if parsed is None:
            raise ValueError(f"cannot read {path}: {diagnostics.items}")
        events += parsed.data
    return events


def copy_event(event: dict, copy: int) -> dict:
    copied = {**event, "id": f"{event['id']}-copy{copy}"}
    copied.pop("label", None)  # a turning point of the timeline is the original, not its copies
    return copied


def scale_content(source: Path, target: Path, factor: int) -> int:
    """Write ``source`` (a content/ tree) to ``target`` with ``factor`` times its events.

    Returns the number of events written.
    """
    shutil.copytree(source, target)
    events = read_events(source)
    for copy in range(1, factor):
        text = yaml.safe_dump([copy_event(e, copy) for e in events], allow_unicode=True,
                              sort_keys=False, width=1_000_000)
        (target / "ledger" / f"copy-{copy:03d}.yaml").write_text(text, encoding="utf-8")
    return len(events) * factor
