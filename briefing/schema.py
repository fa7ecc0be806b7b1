"""Generate the JSON Schemas of content files from the model: ``python -m briefing.schema``.

The schemas in ``schema/`` are committed so that an editor's YAML plugin can check files
while they are typed; a test keeps them equal to what the model generates.
"""

from __future__ import annotations

import sys

from pydantic import TypeAdapter

from . import atomic, model
from .paths import Project

#: schema file -> (the model of one such file, title)
SCHEMAS = {
    "document": (model.Document, "Briefing document metadata (content/document.yaml)"),
    "source": (model.Source, "Source record (content/sources/*.yaml)"),
    "ledger": (list[model.Event], "Ledger of events (content/ledger/*.yaml)"),
    "section": (model.Section, "Narrative section (content/narrative/*.yaml)"),
    "judgments": (list[model.Judgment], "Key judgments (content/judgments.yaml)"),
}


def schemas() -> dict[str, str]:
    out = {}
    for name, (shape, title) in SCHEMAS.items():
        schema = TypeAdapter(shape).json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
        out[f"{name}.schema.json"] = atomic.dumps_json(schema)
    return out


def main() -> int:
    folder = Project.at(".").root / "schema"
    for name, text in schemas().items():
        atomic.write_text(folder / name, text)
        print(f"wrote schema/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
