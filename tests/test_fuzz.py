"""Property-based fuzzing of the loader and validator: whatever the files hold, the result is
either valid content or diagnostics, one line each with a file and a code; never an exception.

The examples are derandomised so that the suite gives the same verdict on every run; set
FUZZ_EXAMPLES (e.g. 5000) and FUZZ_RANDOM=1 to explore further by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, ROOTS, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import model
from briefing.diagnostics import ContentError, Diagnostics
from briefing.load import load_content
from briefing.paths import Project
from briefing.validate import validate

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LINE = re.compile(r"^\S[^\n]*?(:\d+:\d+)?: (error|warning): [^\n]+ \[[a-z][a-z.-]*\]$")
BASIC_FILES = ["document.yaml", "judgments.yaml", "ledger/2007.yaml", "sources/gazette.yaml",
               "narrative/01-history.yaml"]
REAL_FILES = sorted(p.relative_to(REPO / "content").as_posix()
                    for p in (REPO / "content").rglob("*.yaml"))
FIELDS = sorted({(f.alias or name) for cls in (model.Document, model.Source, model.Event,
                                               model.Section, model.Judgment, model.Citation,
                                               model.Actors, model.Actor, model.Archive,
                                               model.BodyRange, model.CslDate, model.Grade)
                 for name, f in cls.model_fields.items()})


def check_outcome(diagnostics: Diagnostics, files: dict[str, bytes]) -> None:
    """Every diagnostic is one line naming a content file, at a line that file has."""
    for item in diagnostics.items:
        first, *rest = str(item).split("\n")
        assert LINE.match(first), first
        assert all(line.startswith("    hint: ") for line in rest), str(item)
        path = item.location.path
        if path in files and item.location.line:
            lines = re.split(rb"\r\n|\r|\n", files[path])  # as an editor counts them
            assert item.location.line <= len(lines), (first, files[path])


def validate_all(project: Path) -> None:
    files = {p.relative_to(project).as_posix(): p.read_bytes()
             for p in (project / "content").rglob("*") if p.is_file()}
    try:
        data, diagnostics = validate(Project.at(project))
    except ContentError as exc:
        assert exc.diagnostics.errors
        check_outcome(exc.diagnostics, files)
        return
    check_outcome(diagnostics, files)
    json.loads(json.dumps(data.dump(), allow_nan=False))  # content.json can be written


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("fuzz") / "project")


def reset(project: Path) -> None:
    for rel in BASIC_FILES:
        shutil.copyfile(ROOTS / "test-basic" / "content" / rel, project / "content" / rel)


# --- strategies --------------------------------------------------------------------------

TOKENS = list("-:[]{}'\"#&*!|>%@`,?\n\t \\") + ["- ", ": ", "\n  ", "\n- ", "&a ", "*a", "!!",
                                                "<<: ", "---", "id: ", "date: ", "\u2028"]
YAMLISH = st.lists(st.one_of(st.sampled_from(TOKENS), st.characters(codec="utf-8")),
                   max_size=120).map("".join)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["2007-02-30", "2007", "2007-13", "gazette", "minister-offer-2007",
                     "offer", "high", "[@gazette]", '"quoted"', "yes", "~", ".nan", ""]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), children,
                        max_size=6),
    ),
    max_leaves=30,
)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """A file after one to three editing slips: deleted, doubled, inserted or retyped text."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate-line", "replace", "indent",
                                   "truncate", "byte"]))
        if op == "delete":
            data[at: at + draw(st.integers(1, 20))] = b""
        elif op == "insert":
            data[at:at] = draw(YAMLISH).encode("utf-8")
        elif op == "duplicate-line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[start:start] = data[start:end]
        elif op == "replace" and at < len(data):
            data[at: at + 1] = draw(st.sampled_from([b":", b"-", b" ", b"\t", b'"', b"'",
                                                     b"[", b"{", b"x", b"9", b"\n"]))
        elif op == "indent":
            start = data.rfind(b"\n", 0, at) + 1
            data[start:start] = b" " * draw(st.integers(1, 3))
        elif op == "truncate":
            del data[at:]
        elif op == "byte" and at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


# --- properties --------------------------------------------------------------------------

@FUZZ
@given(target=st.sampled_from(BASIC_FILES), text=YAMLISH)
def test_random_text_in_any_file(basic, target, text):
    reset(basic)
    (basic / "content" / target).write_text(text, encoding="utf-8")
    validate_all(basic)


@FUZZ
@given(target=st.sampled_from(BASIC_FILES), document=documents)
def test_random_yaml_data_in_any_file(basic, target, document):
    reset(basic)
    (basic / "content" / target).write_text(yaml.safe_dump(document), encoding="utf-8")
    validate_all(basic)


@FUZZ
@given(data=st.data(), target=st.sampled_from(BASIC_FILES))
def test_mutations_of_the_test_content(basic, data, target):
    reset(basic)
    original = (ROOTS / "test-basic" / "content" / target).read_bytes()
    (basic / "content" / target).write_bytes(data.draw(mutated(original)))
    validate_all(basic)


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    """A project that holds one file of the real content at a time: the loader, file by file."""
    folder = tmp_path_factory.mktemp("fuzz-real") / "project"
    (folder / "content").mkdir(parents=True)
    return folder


@pytest.mark.skipif(not REAL_FILES, reason="the real content is not there")
@FUZZ
@given(data=st.data(), target=st.sampled_from(REAL_FILES or ["none"]))
def test_mutations_of_the_real_content(single, data, target):
    content = single / "content"
    shutil.rmtree(content)
    path = content / target
    path.parent.mkdir(parents=True)
    raw = data.draw(mutated((REPO / "content" / target).read_bytes()))
    path.write_bytes(raw)
    diagnostics = Diagnostics()
    load_content(Project.at(single), diagnostics)
    check_outcome(diagnostics, {f"content/{target}": raw})
