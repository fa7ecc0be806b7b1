"""The compatibility layer (briefing/compat.py): a patch whose upstream changed is refused.

A patch applies only where the installed version is one pyproject.toml pins and each
upstream function it was written against still has the source it had. Otherwise the
build says so in one line naming the patch, and still makes a correct PDF. The change
is simulated for real: a copy of WeasyPrint with one function edited comes first on the
build's path.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_doit
from packaging.requirements import Requirement

from briefing import bibliography, compat, pdf  # noqa: F401 - they register their patches


def record(name: str) -> compat.Patch:
    return next(p for p in compat.PATCHES if p.name == name)


def test_every_patch_applies_to_the_pinned_versions():
    assert [p.name for p in compat.PATCHES if compat.refusal(p.name) is not None] == []
    assert [p.name for p in compat.PATCHES if p.wraps and p.name not in compat._CODE] == []


def test_the_patched_packages_are_pinned_in_pyproject():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {Requirement(line).name: str(Requirement(line).specifier)
            for line in declared["project"]["dependencies"]}
    for package in {p.package for p in compat.PATCHES}:
        assert compat.pinned(package) == Requirement(f"{package}{pins[package]}").specifier
        assert "<" in pins[package], f"{package} has no upper bound"


def test_a_changed_upstream_function_refuses_its_patch_in_one_line():
    changed = record("footnote-layout-kept")
    changed = dataclasses.replace(changed, against=(
        ("weasyprint.layout.block:block_level_layout", "0123456789abcdef"),))
    assert str(compat.check(changed)) == (
        "weasyprint/layout/block.py:18:1: warning: patch 'footnote-layout-kept' not applied: "
        "block_level_layout is not the source it was written against (weasyprint 70.0); "
        "without it, each footnote area is laid out again for every note (slower) "
        "[patch.refused]")
    assert compat.check(record("footnote-layout-kept")) is None


def test_another_version_refuses_the_patch_in_one_line():
    other = dataclasses.replace(record("macro-looked-up-once"), versions=">=0.12")
    assert str(compat.check(other)) == (
        "citeproc-py: warning: patch 'macro-looked-up-once' not applied: written for "
        "citeproc-py >=0.12, not 0.11.1; without it, the bibliography is formatted more "
        "slowly [patch.refused]")


def test_an_upstream_function_that_is_gone_refuses_the_patch_in_one_line():
    gone = dataclasses.replace(record("streams-at-default-level"),
                               against=(("pydyf:Stream.compressed_data", "0123456789abcdef"),))
    assert str(compat.check(gone)) == (
        "pydyf: warning: patch 'streams-at-default-level' not applied: "
        "pydyf:Stream.compressed_data is not in pydyf 0.13.0; without it, streams are "
        "compressed at level 9 (slower, 3% smaller) [patch.refused]")


def test_a_patch_must_be_in_the_table():
    with pytest.raises(KeyError, match="'footnote-magic' is not in briefing.compat.PATCHES"):
        compat.patch("footnote-magic")(lambda: None)


def _weasyprint_with_one_function_changed(folder: Path) -> Path:
    """A copy of the installed WeasyPrint in which upstream edited ``block_level_layout``."""
    import weasyprint

    copy = folder / "weasyprint"
    shutil.copytree(Path(weasyprint.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    block = copy / "layout" / "block.py"
    text = block.read_text(encoding="utf-8")
    edited = text.replace('"""Lay out the block-level ``box``."""',
                          '"""Lay out the block-level ``box`` (as upstream now does)."""', 1)
    assert edited != text
    block.write_text(edited, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_build_names_the_refused_patch_once_and_makes_the_same_pdf(tmp_path):
    patched = make_project(tmp_path / "patched", "test-print")
    result = run_doit(patched)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "patch.refused" not in result.stdout + result.stderr

    upstream = _weasyprint_with_one_function_changed(tmp_path / "upstream-changed")
    project = make_project(tmp_path / "project", "test-print")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
        str(upstream), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "doit"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    refused = [line for line in (result.stdout + result.stderr).splitlines()
               if "patch.refused" in line]
    assert refused == [
        "weasyprint/layout/block.py:18:1: warning: patch 'footnote-layout-kept' not applied: "
        "block_level_layout is not the source it was written against (weasyprint 70.0); "
        "without it, each footnote area is laid out again for every note (slower) "
        "[patch.refused]"]
    assert "Traceback" not in result.stdout + result.stderr
    applied = subprocess.run([sys.executable, "-c", (
        "from briefing import pdf, weasypatches; from weasyprint.layout import block; "
        "print(sorted(weasypatches.patch_weasyprint())); print(block.block_level_layout.__module__)")],
        env=env, capture_output=True, text=True, timeout=120).stdout.splitlines()
    assert "footnote-layout-kept" not in applied[0] and "carried-notes-on-remake" in applied[0]
    assert applied[1] == "weasyprint.layout.block"  # upstream's own, not the patch's
    # the patch changes how often a note is laid out, never where it lands: the same PDF
    for name in ("briefing.pdf", "briefing-letter.pdf"):
        assert (project / "build" / name).read_bytes() == (patched / "build" / name).read_bytes()
