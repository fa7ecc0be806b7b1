"""The charts of figures/: what data each draws, how it looks, and when it is redrawn."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import matplotlib.legend
import matplotlib.text
import pytest
from conftest import REPO, make_project, ran, run_doit

from briefing import charts
from briefing.paths import Project
from briefing.validated import Validated

CHARTS = ["actors", "corroboration", "per_year", "timeline"]
ROOT = "test-figures"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> dict:
    """content.json of tests/roots/test-figures, validated as the build does it."""
    folder = make_project(tmp_path_factory.mktemp("figures") / "project", ROOT)
    result = run_doit(folder, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((folder / "build" / "content.json").read_text(encoding="utf-8"))


def select(name: str, content: dict) -> dict:
    """The chart's data as the figure task reads it back from <name>.data.json, from the
    content (content.json's data, perhaps changed by the test) as validate selects it."""
    typed = Validated.model_validate(content)
    return json.loads(json.dumps(charts.module(Project.at(REPO), name).select(typed)))


def draw(name: str, content: dict):
    charts.setup()
    return charts.module(Project.at(REPO), name).draw(select(name, content), charts.Style)


def texts(fig) -> list[matplotlib.text.Text]:
    """Every piece of text the figure shows (tick labels beyond an axis's limits are not drawn)."""
    undrawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            undrawn |= {t.label1 for t in axis.get_major_ticks() + axis.get_minor_ticks()
                        if not low - 1e-9 <= t.get_loc() <= high + 1e-9}
    return [t for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip() and t not in undrawn]


def test_every_chart_is_a_module_of_figures():
    assert set(CHARTS) <= set(Project.at(REPO).figure_names())


@pytest.mark.parametrize("name", CHARTS)
def test_data_is_only_what_the_chart_draws(name, content):
    data = select(name, content)
    text = json.dumps(data, ensure_ascii=False)
    for event in content["events"]:
        assert event["summary"] not in text
        assert event["id"] not in text
        for citation in event["citations"]:
            assert citation["quote"] not in text
    assert data["source_line"] == "Ledger of 7 events from 2 sources"


@pytest.mark.parametrize("name", CHARTS)
def test_no_text_is_smaller_than_7_pt_at_printed_size(name, content):
    fig, _, _ = draw(name, content)
    fig.draw_without_rendering()
    assert fig.get_figwidth() == pytest.approx(charts.Style.width)
    sizes = {t.get_text(): t.get_fontsize() for t in texts(fig)}
    assert sizes
    assert {text: size for text, size in sizes.items() if size < 7} == {}


@pytest.mark.parametrize("name", CHARTS)
def test_no_text_overlaps_other_text_or_leaves_the_figure(name, content):
    fig, _, _ = draw(name, content)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(fig)]
    overlapping = [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2)
                   if box_a.overlaps(box_b.shrunk(0.98, 0.98))]
    assert overlapping == []
    width, height = fig.bbox.width, fig.bbox.height
    outside = [t for t, box in boxes
               if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5]
    assert outside == []


@pytest.mark.parametrize("name", CHARTS)
def test_svg_is_byte_identical_from_draw_to_draw(name, content):
    first = charts.svg_bytes(draw(name, content)[0])
    second = charts.svg_bytes(draw(name, content)[0])
    assert first == second
    assert first.startswith(b"<?xml")
    assert b"<dc:date>" not in first


def test_charts_are_the_same_bytes_under_other_hash_seeds(content, tmp_path):
    """Sets and dicts must not leak their order into a chart or its words."""
    (tmp_path / "content.json").write_text(json.dumps(content), encoding="utf-8")
    script = (
        "import json, sys; from briefing import charts; from briefing.paths import Project\n"
        "from briefing.validated import Validated\n"
        f"content = Validated.model_validate_json(open({str(tmp_path / 'content.json')!r}).read())\n"
        "charts.setup()\n"
        f"for name in {CHARTS!r}:\n"
        "    mod = charts.module(Project.at('.'), name)\n"
        "    fig, caption, alt = mod.draw(json.loads(json.dumps(mod.select(content))), charts.Style)\n"
        "    sys.stdout.write(caption + alt + charts.svg_bytes(fig).decode())\n")
    outputs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
               for seed in ("1", "2")]
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("name", CHARTS)
def test_caption_and_alt_text_come_from_the_data(name, content):
    _, caption, alt = draw(name, content)
    assert caption and not caption.endswith(".")  # the template adds the full stop
    assert alt.endswith(".")
    assert re.search(r"\b7 events\b|\b5 offers, proposals and responses\b", alt), alt


def test_timeline_years_are_plain_integers(content):
    fig, _, alt = draw("timeline", content)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d{4}", label) for label in labels), labels
    assert ax.xaxis.get_offset_text().get_text() == ""
    assert "from 2003 to 2010" in alt


def test_timeline_labels_turning_points_chosen_from_the_data(content):
    data = select("timeline", content)
    labels = [p["label"] for p in data["turning_points"]]
    assert labels == ["2007 Country A, Country B (agreement)",
                      "2010 Summit of Country A and Country B (context)"]
    fig, _, alt = draw("timeline", content)
    shown = {t.get_text() for t in texts(fig)}
    assert set(labels) <= shown
    assert "Labelled turning points: 2007 Country A, Country B (agreement)" in alt


def test_per_year_counts_offers_proposals_and_responses(content):
    data = select("per_year", content)
    assert data["unit"] == "year"
    assert data["counts"] == {"2003-01-01": {"missile-defence": 2}, "2007-01-01": {"space": 1},
                              "2010-01-01": {"space": 2}}
    _, _, alt = draw("per_year", content)
    assert alt.startswith("Bar chart of 5 offers, proposals and responses (1 offer, 2 proposals "
                          "and 2 responses) per year from 2003 to 2010")


def test_actors_one_bar_per_person_with_every_role(content):
    fig, _, alt = draw("actors", content)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Ann Example (Envoy; Deputy Minister)", "Country B",
                      "Carl Sample (Foreign Minister of Country A)"]
    assert "Most frequent: Ann Example (Envoy; Deputy Minister) 2, Country B 2" in alt


def test_corroboration_states_how_many_events_rest_on_one_source(content):
    fig, _, alt = draw("corroboration", content)
    assert fig.axes[0].get_title(loc="left") == "4 of 7 events rest on a single source"
    assert "4 of the 7 events (57%) rest on a single source; 3 cite two or more" in alt
    assert "Herald 2011 7 (4)" in alt


@pytest.mark.parametrize("name", CHARTS)
def test_a_chart_draws_a_tiny_ledger(name, content):
    """One event, one source: every chart still draws and says so in words."""
    event = next(e for e in content["events"] if len(e["citations"]) == 1)
    source = next(s for s in content["sources"] if s["id"] == event["citations"][0]["source"])
    tiny = {**content, "events": [event], "sources": [source]}
    fig, caption, alt = draw(name, tiny)
    assert caption and alt
    charts.svg_bytes(fig)


@pytest.mark.parametrize("name", CHARTS)
def test_dollar_signs_in_content_are_drawn_as_text(name, content):
    events = json.loads(json.dumps(content["events"]))
    for event in events:
        for actor in event["actors"]["from"]:
            actor["name"], actor["role"] = "The $\\frac{minister", "Minister $x^"
    fig, _, _ = draw(name, {**content, "events": events})
    assert charts.svg_bytes(fig)


@pytest.mark.parametrize("name", CHARTS)
def test_a_chart_of_an_empty_ledger_says_so(name, content):
    fig, caption, alt = draw(name, {**content, "events": []})
    assert alt.startswith("No ")
    assert [t.get_text() for t in texts(fig)] == [alt.rstrip(".")]
    charts.svg_bytes(fig)


# --- what a content edit redraws, from doit's own report -----------------------------------

def _edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / "content" / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def _redrawn(result) -> set[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return {task.split(":", 1)[1] for task in ran(result) if task.startswith("figures:")}


@pytest.fixture
def built(tmp_path) -> Path:
    project = make_project(tmp_path / "project", ROOT)
    assert _redrawn(run_doit(project, "figures")) == set(CHARTS)
    assert _redrawn(run_doit(project, "figures")) == set()
    return project


def test_editing_a_summary_or_a_quotation_redraws_no_chart(built):
    _edit(built, "ledger/2010.yaml", "proposed joint work on tracking debris in orbit.",
          "proposed to track debris in orbit together.")
    result = run_doit(built, "figures")
    assert "validate" in ran(result)  # which selects each chart's data again
    assert _redrawn(result) == set()
    _edit(built, "ledger/2003.yaml", "quote: Country B rejected the offer within a week.",
          "quote: rejected the offer within a week")
    assert _redrawn(run_doit(built, "figures")) == set()


def test_editing_a_year_redraws_the_charts_that_draw_dates(built):
    _edit(built, "ledger/2010.yaml", 'date: "2010-05"', 'date: "2009-05"')
    # corroboration labels its columns with years; actors draws no date at all
    assert _redrawn(run_doit(built, "figures")) == {"timeline", "per_year", "corroboration"}


def test_editing_a_month_redraws_only_the_timeline(built):
    _edit(built, "ledger/2010.yaml", 'date: "2010-05"', 'date: "2010-02"')
    assert _redrawn(run_doit(built, "figures")) == {"timeline"}


def test_timeline_labels_the_events_the_editor_labelled(content):
    content = copy.deepcopy(content)
    content["events"][0]["label"] = "The first talks"
    data = select("timeline", content)
    year = content["events"][0]["date"][:4]
    assert [p["label"] for p in data["turning_points"]] == [f"{year} The first talks"]
    fig, caption, alt = draw("timeline", content)
    assert f"{year} The first talks" in {t.get_text() for t in texts(fig)}
    assert caption.endswith("labelled are the turning points the editors chose")
    assert f"Labelled turning points: {year} The first talks." in alt


@pytest.mark.parametrize("count", [7, 12])
def test_turning_point_labels_neither_overlap_nor_sit_on_a_leader_line(count):
    """Labels of twenty-odd characters crowded along the axis, as the real ledger has them:
    seven hang with no other label's leader line through them; twelve at least never
    overlap each other (with that many, a line may have to cross a label)."""
    years = [1993, 2001, 2007, 2010, 2013, 2014, 2021, 1995, 1998, 2003, 2005, 2009][:count]
    events = [{"date": str(y), "domain": "missile-defence", "kind": "context",
               "outcome": "unknown"} for y in years]
    data = {"events": events, "labels_by_editor": True, "source_line": "",
            "words": {"domains": [["missile-defence", "missile defence"]],
                      "kinds": [["context", "context", "context events"]],
                      "outcomes": [["unknown", "unknown", True]], "turning": [],
                      "domain": "domain", "kind_legend": "Kind", "outcome_legend": "Outcome"},
            "turning_points": [{"index": i, "label": f"{y} A turning point label"}
                               for i, y in enumerate(years)]}
    charts.setup()
    fig, _, _ = charts.module(Project.at(REPO), "timeline").draw(data, charts.Style)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text().endswith("turning point label")]
    leaders = [line for line in ax.get_lines() if len(line.get_xdata()) == 2
               and line.get_xdata()[0] == line.get_xdata()[1]]
    assert len(labels) == len(leaders) == count
    boxes = [t.get_window_extent(renderer) for t in labels]
    crossed = []
    for line in leaders:
        (x, y0), (_, y1) = ax.transData.transform(line.get_xydata())
        crossed += [t.get_text() for t, box in zip(labels, boxes, strict=True)
                    if box.x0 < x < box.x1 and min(y0, y1) < box.y1 and box.y0 < max(y0, y1)]
    if count == 7:
        assert crossed == []
    pairs = combinations(zip(labels, boxes, strict=True), 2)
    assert [(a.get_text(), b.get_text()) for (a, p), (b, q) in pairs if p.overlaps(q)] == []


def test_timeline_shows_at_most_twelve_of_the_editors_labels(content):
    content = copy.deepcopy(content)
    content["events"] = [{**content["events"][0], "label": f"Label {n}", "date": str(1990 + n)}
                         for n in range(20)]
    assert len(select("timeline", content)["turning_points"]) == 12


@pytest.mark.parametrize("name", CHARTS)
def test_the_simplified_svg_paints_what_matplotlib_wrote(name, content):
    """charts.simplified: styles become attributes and id-only groups give way to their
    children; every element that paints keeps its order, attributes and what it inherits."""
    import io
    from xml.etree import ElementTree

    fig = draw(name, content)[0]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    fig.clear()
    raw = buffer.getvalue()

    def painted(svg: bytes) -> list:
        def attributes(element) -> dict:
            found = dict(element.attrib)
            for declaration in found.pop("style", "").split(";"):
                key, colon, value = declaration.partition(":")
                if colon:
                    found[key.strip()] = value.strip()
            return found

        out = []

        def walk(element, inherited):
            own = attributes(element)
            if len(element):
                passed = {k: v for k, v in own.items() if k != "id"}
                for child in element:
                    walk(child, inherited + ((element.tag, passed),) if passed else inherited)
            elif not (element.tag == f"{{{charts.SVG_NS}}}g" and set(own) <= {"id"}):
                out.append((element.tag, own, (element.text or "").strip(), inherited))

        walk(ElementTree.fromstring(svg), ())
        return out

    simple = charts.simplified(raw)
    assert painted(simple) == painted(raw)
    groups = [g for g in ElementTree.fromstring(simple).iter(f"{{{charts.SVG_NS}}}g")]
    assert not [g for g in groups if set(g.attrib) <= {"id"}]
    assert len(groups) < len(ElementTree.fromstring(raw).findall(f".//{{{charts.SVG_NS}}}g")) / 2


# --- a project's own copy of figures/ ----------------------------------------------------------

OWN_CHART = '''"""A chart of a project's own figures/."""


def select(content):
    return {"events": len(CONTENT_EVENTS)}


def draw(data, style):
    return style.empty(f"{data['events']} events"), "Events", style.count(data["events"], "event") + "."
'''


def _own_chart(tmp_path, events: str) -> Path:
    project = make_project(tmp_path / "project", ROOT)
    (project / "figures").unlink()
    shutil.copytree(REPO / "figures", project / "figures",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (project / "figures" / "count.py").write_text(OWN_CHART.replace("CONTENT_EVENTS", events),
                                                 encoding="utf-8")
    return project


def test_a_chart_that_reads_the_content_as_dicts_is_one_error_at_its_line(tmp_path):
    """A copy of figures/ made when select(content) read content.json's dicts."""
    project = _own_chart(tmp_path, 'content["events"]')
    result = run_doit(project, "figures")
    assert result.returncode != 0
    assert not (project / "build" / "content.json").exists()  # nothing written
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("figures/count.py:5"))
    assert lines[at: at + 2] == [
        "figures/count.py:5:27: error: content['events'] reads the content as a dict, but it is "
        "typed: write content.events [figure.select]",
        "    hint: select(content) reads the content's attributes (docs/content-format.md, "
        "\"Charts\"); a copy of the engine's figures/ made now has them"]
    assert "error: task 'validate' failed: chart 'count' could not select its data; nothing " \
           "was rebuilt, the last good outputs are kept" in result.stdout + result.stderr


def test_a_chart_that_reads_the_typed_content_draws(tmp_path):
    project = _own_chart(tmp_path, "content.events")
    result = run_doit(project, "figures")
    assert result.returncode == 0, result.stdout + result.stderr
    meta = json.loads((project / "build" / "figures" / "count.json").read_text(encoding="utf-8"))
    assert meta["alt"] == "7 events."


# --- every shape of ledger: spans of months, years and centuries, 1 to 12 kinds ------------

#: span -> the dates of its events (cycled), the period each chart counts in, and the
#: first and last periods in words
SPANS = {
    "3 months": ([f"2021-{m:02d}-{d:02d}" for m in (3, 4, 5) for d in (1, 9, 17, 26)],
                 "week", "the week of 1 March 2021", "the week of 24 May 2021"),
    "2 years": ([f"{y}-{m:02d}-15" for y in (2019, 2020) for m in (1, 3, 4, 7, 9, 12)],
                "month", "January 2019", "December 2020"),
    "300 years": ([str(y) for y in (1700, 1702, 1731, 1760, 1790, 1795, 1850, 1851, 1900, 1955,
                                    1999, 1999)],
                  "decade", "the 1700s", "the 1990s"),
}
#: kinds with labels as long as another subject's may be ("council elect" was cut short)
KIND_WORDS = ["council election", "vote", "consultation of the membership", "ruling",
              "appeal to the court", "amendment", "ratification by the assembly", "veto",
              "recall petition", "injunction", "merger of the committees", "audit"]


def shaped(content: dict, span: str, n_kinds: int) -> dict:
    """content.json of test-figures with ``n_kinds`` kinds (each an offer, so that every
    chart counts it) and 24 events over ``span``."""
    content = copy.deepcopy(content)
    dates = SPANS[span][0]
    kinds = [{"id": f"kind-{i}", "label": KIND_WORDS[i], "plural": KIND_WORDS[i] + "s",
              "roles": ["offers", "turning-points"]} for i in range(n_kinds)]
    content["vocabulary"]["kinds"] = kinds
    template = content["events"][0]
    statuses = [o["id"] for o in content["vocabulary"]["outcomes"]]
    content["events"] = [
        {**template, "id": f"event-{i}", "date": dates[i % len(dates)], "label": None,
         "kind": kinds[i % n_kinds]["id"], "placed": None, "order": i,
         "domain": content["vocabulary"]["domains"][i % 3]["id"],
         "outcome": {"status": statuses[i % len(statuses)]},
         "actors": {"from": [{"name": f"Actor {i % 5}", "side": f"Side {i % 2}"}], "to": []}}
        for i in range(24)]
    content["events"].sort(key=lambda e: (e["date"], e["order"]))
    return content


def _outside(fig, artists) -> list[str]:
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    return [a.get_text() for a in artists
            if (lambda b: b.x0 < box.x0 - 0.5 or b.y0 < box.y0 - 0.5 or b.x1 > box.x1 + 0.5
                or b.y1 > box.y1 + 0.5)(a.get_window_extent(renderer))]


@pytest.mark.parametrize("n_kinds", [1, 7, 12])
@pytest.mark.parametrize("span", list(SPANS))
@pytest.mark.parametrize("name", CHARTS)
def test_every_legend_entry_and_tick_label_lies_inside_the_figure(name, span, n_kinds, content):
    fig, _, _ = draw(name, shaped(content, span, n_kinds))
    fig.canvas.draw()
    legends = [a for a in fig.findobj(matplotlib.legend.Legend)]
    entries = [t for legend in legends for t in [*legend.get_texts(), legend.get_title()]
               if t.get_text()]
    ticks = [t for t in texts(fig) if any(
        t in ax.get_xticklabels() + ax.get_yticklabels() for ax in fig.axes)]
    assert entries and ticks
    assert _outside(fig, entries + ticks) == []
    hidden = {t for ax in fig.axes if not ax.axison
              for t in ax.get_xticklabels() + ax.get_yticklabels()}
    shown = [t for t in texts(fig) if t not in hidden]
    assert _outside(fig, shown) == []  # nor any other text: axis labels, titles
    shown = " ".join(t.get_text().replace("\n", " ") for t in entries)
    if name in ("timeline", "actors"):  # a legend of kinds: every one, none cut short
        for word in KIND_WORDS[:n_kinds]:
            assert word in shown


@pytest.mark.parametrize("span", list(SPANS))
def test_the_axes_count_in_the_period_of_the_span(span, content):
    _, unit, first, last = SPANS[span]
    shape = shaped(content, span, 7)
    assert select("per_year", shape)["unit"] == unit
    fig, caption, alt = draw("per_year", shape)
    assert caption == ("Council elections, votes, consultation of the memberships, rulings, "
                       "appeal to the courts, amendments and ratification by the assemblys per "
                       f"{unit}, stacked by domain")
    assert f" per {unit} from {first} to {last}, stacked by domain:" in alt
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert 3 <= len(labels) <= 13
    _, _, alt = draw("timeline", shape)
    assert f"Timeline of 24 events from {first} to {last}, by domain:" in alt
    _, _, alt = draw("corroboration", shape)
    assert f"each of 24 events cites, from {first} to {last}." in alt


def test_the_tick_labels_follow_the_period(content):
    def labels(span: str, name: str) -> list[str]:
        fig, _, _ = draw(name, shaped(content, span, 3))
        fig.canvas.draw()
        shown = texts(fig)
        return [t.get_text() for t in fig.axes[0].get_xticklabels() if t in shown]

    assert labels("3 months", "timeline") == ["8 Mar", "22 Mar", "5 Apr", "19 Apr", "3 May",
                                              "17 May", "31 May"]
    assert labels("3 months", "per_year")[:3] == ["1 Mar", "15 Mar", "29 Mar"]
    assert labels("2 years", "timeline") == ["2019", "Mar", "May", "Jul", "Sep", "Nov", "2020",
                                             "Mar", "May", "Jul", "Sep", "Nov", "2021"]
    assert labels("2 years", "per_year")[:3] == ["2019", "Mar", "May"]
    assert labels("300 years", "per_year") == ["1700", "1750", "1800", "1850", "1900", "1950"]
    assert labels("3 months", "corroboration")[:3] == ["1 Mar 2021", "15 Mar", "22 Mar"]
    assert labels("2 years", "corroboration")[:2] == ["Jan 2019", "Apr"]


def test_one_period_reads_naturally(content):
    shape = shaped(content, "300 years", 2)
    for event in shape["events"]:
        event["date"] = "2018"
    _, _, alt = draw("per_year", shape)
    assert alt.startswith("Bar chart of 24 council elections and votes (12 council elections "
                          "and 12 votes) in 2018, stacked by domain: ")
    assert "2018 to 2018" not in alt and "of the 1" not in alt and "Most in" not in alt
    fig, _, _ = draw("per_year", shape)
    fig.canvas.draw()
    shown = texts(fig)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels() if t in shown] == ["2018"]
    _, _, alt = draw("timeline", shape)
    assert alt.startswith("Timeline of 24 events in 2018, by domain:")
    assert "busiest" not in alt


def test_a_precise_span_is_counted_no_finer_than_its_least_precise_date(content):
    shape = shaped(content, "3 months", 3)
    shape["events"][0]["date"] = "2021"
    assert select("per_year", shape)["unit"] == "year"


def test_an_actor_named_with_a_parenthesis_gets_no_second_one(content):
    """"NASA official (not named) (NASA official in Moscow)" was printed: the role joins the
    name's own parenthesis, in the chart, its alt text and the chronology alike."""
    from briefing.html import Page

    content = copy.deepcopy(content)
    actor = content["events"][0]["actors"]["from"][0]
    actor["name"], actor["role"] = "An official (not named)", "official in the capital"
    fig, _, alt = draw("actors", content)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert "An official (not named; official in the capital)" in labels
    assert "An official (not named; official in the capital) 1" in alt
    typed = Validated.model_validate(content)
    assert Page.actors(typed.events[0].actors.from_) == (
        "An official (not named; official in the capital)")
    assert not [text for text in labels + [alt] if re.search(r"\)\s*\(", text)]


@pytest.mark.parametrize(("language", "marked"), [
    ("en", "Carl Sample (“Foreign Minister” of Country A’s government)"),
    ("de", "Carl Sample („Foreign Minister“ of Country A’s government)"),
])
def test_chart_words_have_the_marks_of_the_documents_language(tmp_path, language, marked):
    """Straight quotes and apostrophes in content come out as the prose's do, by language:
    in the chart's text, its caption and its alt text."""
    project = make_project(tmp_path / "project", ROOT)
    ledger = project / "content" / "ledger" / "2003.yaml"
    ledger.write_text(ledger.read_text().replace(
        "role: Foreign Minister of Country A,",
        "role: '\"Foreign Minister\" of Country A''s government',"))
    document = project / "content" / "document.yaml"
    document.write_text(document.read_text().replace("language: en", f"language: {language}"))
    result = run_doit(project, "figures:actors")
    assert result.returncode == 0, result.stdout + result.stderr
    svg = (project / "build" / "figures" / "actors.svg").read_text(encoding="utf-8")
    shown = " ".join(re.findall(r">([^<>]+)</text>", svg))
    shown = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), shown)
    assert marked.split(" (")[1][:12] in shown and "'" not in shown and '"' not in shown
    meta = json.loads((project / "build" / "figures" / "actors.json").read_text(encoding="utf-8"))
    assert marked in meta["alt"]
