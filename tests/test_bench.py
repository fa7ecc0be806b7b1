"""The benchmark's pieces, at a tiny scale and with no timed assertion (time is for bench/)."""

from __future__ import annotations

import json
import sys

import pytest
import yaml
from conftest import REPO, ROOTS, make_project

from briefing.paths import Project
from briefing.validate import validate

if str(REPO) not in sys.path:  # bench/ is run from the repository root, not installed
    sys.path.insert(0, str(REPO))

from bench import __main__ as cli  # noqa: E402
from bench import projects, run, synthetic  # noqa: E402
from bench.proc import Run, ran_tasks  # noqa: E402

BASIC = ROOTS / "test-basic" / "content"


def test_synthetic_content_validates_with_every_event_copied(tmp_path):
    content = tmp_path / "content"
    events = synthetic.scale_content(BASIC, content, 3)
    project = make_project(tmp_path / "project", content=content)

    data, diagnostics = validate(Project.at(project))

    assert not diagnostics.errors
    assert events == len(data.events) == 3 * len(synthetic.read_events(BASIC))
    ids = [e.id for e in data.events]
    assert len(ids) == len(set(ids))
    assert "minister-offer-2007-copy2" in ids


def test_copies_keep_quotations_verbatim(tmp_path):
    content = tmp_path / "content"
    synthetic.scale_content(BASIC, content, 2)
    events = {e["id"]: e for e in synthetic.read_events(content)}
    original, copy = events["minister-offer-2007"], events["minister-offer-2007-copy1"]
    assert copy["citations"] == original["citations"]
    assert copy["date"] == original["date"]


def test_edit_changes_only_the_first_summary(tmp_path):
    project = make_project(tmp_path / "project")
    path = projects.first_event_file(project)
    original = path.read_text(encoding="utf-8")

    summary = projects.edit_summary(path, original, "revised 1")

    events = synthetic.read_events(project / "content")
    assert events[0]["summary"] == summary
    assert summary.endswith("(revised 1)")
    before = synthetic.read_events(BASIC)
    assert [{k: v for k, v in e.items() if k != "summary"} for e in events] == \
        [{k: v for k, v in e.items() if k != "summary"} for e in before]
    assert events[1:] == before[1:]


def test_edit_of_a_folded_summary_keeps_the_next_key(tmp_path):
    path = tmp_path / "2007.yaml"
    original = ("- id: a\n  summary: >-\n    Folded over\n    two lines.\n  kind: offer\n"
                "- id: b\n  summary: Plain.\n")
    projects.edit_summary(path, original, "x")

    assert yaml.safe_load(path.read_text(encoding="utf-8")) == [
        {"id": "a", "summary": "Folded over two lines. (x)", "kind": "offer"},
        {"id": "b", "summary": "Plain."}]


def test_ran_tasks_reads_doits_own_lines():
    result = Run(0.1, 0.1, 10.0, 10.0, 0, ".  validate\n-- html\n.  pdf:a4\n", "")
    assert ran_tasks(result) == ["validate", "pdf:a4"]


def _measured(bench) -> dict:
    """What ``measure`` returns, with made-up numbers: the report is tested without builds."""
    ratio = {"median_s": 4.0, "reference_s": 3.5, "ratio": 1.14, "target": 1.3, "holds": True}
    scale = {"factor": 2, "events": 4, "median_s": 5.0, "build_s": [5.0],
             "pages": {"a4": 2, "letter": 3},
             "pages_total": 5, "pages_per_s": 1.0, "peak_mib": 140.0}
    yardstick = {"median_s": 4.0, "reference_s": 10.0, "ratio": 0.4, "target": 0.5, "holds": True}
    return {"clean": {**ratio, "yardstick": {**yardstick, "target": 0.7}}, "noop": ratio,
            "edit": {**ratio, "reran": ["html", "validate"], "as_expected": False,
                     "yardstick": yardstick},
            "html": {"median_s": 0.5, "build_s": [0.5], "reran": ["html"],
                     "yardstick": {**yardstick, "median_s": 1.5, "ratio": 0.15, "target": 0.1,
                                   "holds": False}},
            "scale": [scale], "memory": {"from": 1, "to": 2, "low": 9.0, "high": 9.5,
                                         "ratio": 1.06, "target": 1.1, "holds": True},
            "validate": {"factor": 2, "median_s": 0.3, "clean_build_s": 5.0, "ratio": 0.06,
                         "target": 0.1, "holds": True}}


def test_report_is_written_with_every_measure_and_the_machine(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "measure", _measured)
    output = tmp_path / "bench.json"

    assert cli.main(["--quick", "--output", str(output), "--content", str(BASIC)]) == 0

    result = json.loads(output.read_text(encoding="utf-8"))
    assert {"machine", "runs", "content", "targets", "clean", "noop", "edit", "scale",
            "memory", "validate", "elapsed_s"} <= set(result)
    assert {"cpu", "cores", "python", "weasyprint"} <= set(result["machine"])
    assert result["runs"] == 1
    out = capsys.readouterr().out
    for measure in ("1. clean build vs WeasyPrint alone", "2. no-op doit", "3. one summary",
                    "4. 2x content", "5. validate alone", "tasks that reran: html, validate",
                    "MiB per page (largest process) 1x->2x", "Y2. clean build vs yardstick"):
        assert measure in out
    assert any(line.startswith("Y3. summary edited, doit html vs yardstick") and "NO" in line
               for line in out.splitlines())
    assert "NO" in out  # the edit reran other tasks than expected


def test_a_part_that_failed_is_shown_as_failed(tmp_path, monkeypatch, capsys):
    def measured(bench):
        result = _measured(bench)
        result["edit"] = {"error": "build after an edit failed with exit status 2"}
        result["scale"].append({"factor": 4, "events": 8, "error": "clean build failed"})
        return result

    monkeypatch.setattr(cli, "measure", measured)
    output = tmp_path / "bench.json"

    assert cli.main(["--quick", "--output", str(output), "--content", str(BASIC)]) == 0

    out = capsys.readouterr().out
    assert any(line.startswith("3. one summary edited") and "FAILED" in line
               for line in out.splitlines())
    assert any(line.startswith("4. 4x content") and "FAILED" in line for line in out.splitlines())
    assert "error" in json.loads(output.read_text(encoding="utf-8"))["edit"]


@pytest.mark.slow
def test_quick_benchmark_measures_every_figure(tmp_path):
    output = tmp_path / "bench.json"

    assert cli.main(["--quick", "--scales", "2", "--output", str(output),
                     "--content", str(BASIC)]) == 0

    result = json.loads(output.read_text(encoding="utf-8"))
    for key in ("clean", "noop", "edit"):
        assert result[key]["median_s"] > 0 and result[key]["reference_s"] > 0
    if run.REFERENCE.exists():  # ../shared/ is beside the checkout here and in CI
        for key in ("clean", "edit", "html"):
            assert result[key]["yardstick"]["reference_s"] > 0, key
    assert result["edit"]["as_expected"], result["edit"]["reran"]
    assert result["noop"]["reran"] == []
    assert result["scale"][0]["events"] == 2 * len(synthetic.read_events(BASIC))
    assert result["scale"][0]["pages_total"] > 0
    assert result["scale"][0]["peak_mib"] > 0
    assert result["clean"]["weasyprint"]["editions"].keys() == {"a4", "letter"}
