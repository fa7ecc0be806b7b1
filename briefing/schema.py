"""The JSON Schemas of content files, from the model and the briefing's own vocabulary.

``python -m briefing schema [ROOT]`` (and the ``schema`` task of every build) writes them
to ``schema/`` of the project, so that an editor's YAML plugin checks files while they are
typed: a kind, domain, outcome or genre must be one the project's
``content/vocabulary.yaml`` declares. A test keeps the repository's committed ones current.
"""

from __future__ import annotations

import argparse
import sys

from pydantic import TypeAdapter

from . import atomic, cli, model
from .diagnostics import Diagnostics
from .paths import Project

#: schema file -> (the model of one such file, title)
SCHEMAS = {
    "vocabulary": (model.Vocabulary, "The briefing's own words (content/vocabulary.yaml)"),
    "document": (model.Document, "Briefing document metadata (content/document.yaml)"),
    "source": (model.Source, "Source record (content/sources/*.yaml)"),
    "ledger": (list[model.Event], "Ledger of events (content/ledger/*.yaml)"),
    "section": (model.Section, "Narrative section (content/narrative/*.yaml)"),
    "judgments": (list[model.Judgment], "Key judgments (content/judgments.yaml)"),
}


def schemas(vocabulary: model.Vocabulary) -> dict[str, str]:
    """File name -> schema text, with the vocabulary's words as the allowed values."""
    out = {}
    for name, (shape, title) in SCHEMAS.items():
        schema = TypeAdapter(shape).json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
        out[f"{name}.schema.json"] = atomic.dumps_json(_with_words(schema, vocabulary))
    return out


def _with_words(node, vocabulary: model.Vocabulary):
    """Each field marked ``x-vocabulary: <section>`` gets that section's ids as its enum."""
    if isinstance(node, list):
        return [_with_words(item, vocabulary) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _with_words(value, vocabulary) for key, value in node.items()}
    section = node.pop("x-vocabulary", None)
    if section:
        node["enum"] = [term.id for term in getattr(vocabulary, section)]
        node.pop("minLength", None)
        node["description"] = f"one of the {section} declared in content/vocabulary.yaml"
    return node


def write_schemas(project: Project) -> Diagnostics:
    """Write schema/*.schema.json of the project; the diagnostics say why not, if not."""
    from .load import read_vocabulary

    diagnostics = Diagnostics()
    vocabulary = read_vocabulary(project, diagnostics)
    if vocabulary is not None and not diagnostics.errors:
        texts = schemas(vocabulary)
        for path in project.schema_files():
            atomic.write_text(path, texts[path.name])
    return diagnostics


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_root(parser)


def run(args: argparse.Namespace) -> int:
    project = cli.project_of(args)
    if project is None:
        return 2
    diagnostics = write_schemas(project)
    diagnostics.report()
    if diagnostics.errors:
        return 1
    for path in project.schema_files():
        print(f"wrote {project.relative(path)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.schema",
                                     description="Write the JSON Schemas of content files.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
