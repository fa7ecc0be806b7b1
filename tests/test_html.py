"""The web edition (build/briefing.html): escaping, figures, linked notes, references, callouts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, make_project, run_doit
from lxml import html as lxml_html
from test_validate import diagnostics_of, edit

from briefing import bibliography
from briefing.html import render_html
from briefing.paths import Project


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("web") / "project", "test-print")
    result = run_doit(folder, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def page(web):
    return lxml_html.fromstring((web / "build" / "briefing.html").read_bytes())


@pytest.fixture(scope="module")
def content(web) -> dict:
    return json.loads((web / "build" / "content.json").read_text(encoding="utf-8"))


def test_content_is_text_not_markup(tmp_path):
    project = make_project(tmp_path / "project")
    ledger = project / "content" / "ledger" / "2007.yaml"
    ledger.write_text(ledger.read_text().replace(
        "summary: The minister offered joint work on early warning.",
        "summary: 'The minister offered <script>alert(1)</script> & <b>joint</b> work.'"))
    result = run_doit(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "build" / "briefing.html").read_text(encoding="utf-8")
    assert text.count("<script") == 1 and "<b>joint" not in text  # the template's own script
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;joint&lt;/b&gt;" in text


def test_every_figure_has_its_alt_text_and_numbered_caption(page, web):
    images = page.xpath("//figure/img")
    assert images
    for img in images:
        name = Path(img.get("src")).stem
        meta = json.loads((web / "build" / "figures" / f"{name}.json").read_text())
        assert img.get("alt") == meta["alt"] and meta["alt"].strip()
        caption = img.getparent().find("figcaption").text_content()
        assert caption.startswith("Figure 1.")
        assert img.get("class") == "print-only"  # the web edition shows the chart itself


def test_the_web_edition_shows_each_chart_itself_in_its_fonts(page, web):
    """Written into the page (not an <img>), the chart's text is set in the page's fonts."""
    charts = page.xpath("//figure/div[@class='chart-view screen-only']/svg")
    assert len(charts) == len(page.xpath("//figure"))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))  # several charts, each with its own ids
    for chart in charts:
        name = chart.getparent().getparent().get("id").removeprefix("fig-")
        meta = json.loads((web / "build" / "figures" / f"{name}.json").read_text())
        assert chart.get("role") == "img" and chart.get("aria-label") == meta["alt"]
        assert {t.get("font-family") for t in chart.iter("text")} == {"'Briefing Sans', sans-serif"}
        assert all(i.startswith(f"chart-{name}-") for i in chart.xpath(".//@id"))
        assert not chart.xpath(".//script | .//style | .//@style | .//@*[starts-with(name(), 'on')]")
    refs = page.xpath("//a[@class='figref']")
    assert refs and all(a.text == "Figure 1" and a.get("href") == "#fig-timeline" for a in refs)


def test_every_citation_is_a_linked_note_both_ways(page, content):
    markers = sum(len(re.findall(r"\[@[^\]]*\]", t)) for t in cited_texts(content))
    calls = page.xpath("//a[@class='fnref']")
    assert [a.text_content() for a in calls] == [str(n) for n in range(1, markers + 1)]
    assert len(page.xpath("//span[@class='footnote']")) == markers  # the print notes
    for n, call in enumerate(calls, 1):
        assert call.get("href") == f"#fn-{n}" and call.get("id") == f"fnref-{n}"
        note = page.get_element_by_id(f"fn-{n}")
        assert note.tag == "li" and note.xpath("ancestor::aside[contains(@class, 'notes')]")
        assert note.xpath(".//a[@class='backref']/@href") == [f"#fnref-{n}"]
        assert page.get_element_by_id(f"note-{n}") is not None  # print anchor


def test_references_to_other_notes_resolve(page):
    for link in page.xpath("//a[@class='noteref']"):
        target = page.get_element_by_id(link.get("href")[1:])
        in_print = bool(link.xpath("ancestor::span[@class='footnote']"))
        assert target.get("class") == ("call" if in_print else None)
        assert link.text == "note " + target.get("id").split("-")[1]


def test_ids_are_unique_and_every_internal_link_resolves(page):
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    for href in page.xpath("//a/@href"):
        if href == "briefing-evidence.zip":  # the one link out: the download beside the page
            continue
        assert href.startswith("#") and href[1:] in ids, href


def test_one_notes_list_per_section_for_the_screen(page, content):
    sections = page.xpath("//section[contains(@class, 'section')]")
    assert len(sections) == len(content["sections"])
    assert all(len(s.xpath("./aside[contains(@class, 'notes')]")) == 1 for s in sections)


def test_screen_css_is_inlined_for_the_screen_only(page, web):
    styles = page.xpath("//style")
    assert [s.get("media") for s in styles] == ["screen"]
    screen = (web / "templates" / "screen.css").read_text(encoding="utf-8")
    assert screen.strip() in styles[0].text
    assert ".footnote" in screen and "display: none" in screen


def test_references_are_formatted_by_the_csl_style(page, content):
    entries = [e.text_content() for e in page.xpath("//p[@class='reference']")]
    assert entries == [
        "Marsh, E. 2006. “Alba Renews Its Flood Offer to Borea.” The Harbour Gazette, May 14.",
        "Okafor, T. N. 2012. “Why the Grey River Never Got a Joint Warning System.” River "
        "Policy Review, ahead of print. https://doi.org/10.1234/rpr.2012.7.",
        "“Timeline: Alba's Hand Held Out to Borea.” [2013?].",  # an estimated date says so
    ]


def test_each_source_has_grade_perspective_and_archive_hash(page, content):
    for source in content["sources"]:
        entry = page.get_element_by_id(f"src-{source['id']}").text_content()
        assert source["grade"]["reason"] in entry and source["perspective"] in entry
        assert source["archive"]["sha256"] in entry


def test_callouts_quote_an_offer_cited_in_their_section(page, content):
    events = {e["id"]: e for e in content["events"]}
    for section in content["sections"]:
        html_section = page.get_element_by_id(f"sec-{section['id']}")
        callouts = html_section.xpath(".//aside[@class='pullquote']")
        if section["part"] not in ("history", "analysis"):
            assert not callouts
            continue
        cited = {i for p in section["paragraphs"] if isinstance(p, str)
                 for i in re.findall(r"@([a-z0-9-]+)", p)}
        offers = [events[i] for i in cited if i in events and events[i]["kind"] in ("offer", "proposal")]
        assert len(callouts) == (1 if offers else 0), section["id"]
        if callouts:
            quote = callouts[0].xpath(".//blockquote")[0].text_content().strip("…")
            assert any(quote in c["quote"] for e in offers for c in e["citations"])


def test_editors_notes_are_marked(page, content):
    noted = [e for e in content["events"] if e["editor_note"]]
    rows = [page.get_element_by_id(f"ev-{e['id']}") for e in noted]
    assert all(r.xpath(".//span[@class='editor-note']/span[@class='label']")[0].text
               == "Editor’s note:" for r in rows)


def test_the_same_content_renders_the_same_bytes(web):
    project = Project.at(web)
    first = project.html.read_bytes()
    render_html(project, project.figure_names())
    assert project.html.read_bytes() == first


def cited_texts(content: dict) -> list[str]:
    return (content["document"]["bluf"] + [j["text"] for j in content["judgments"]]
            + [p for s in content["sections"] for p in s["paragraphs"] if isinstance(p, str)])


# --- the bibliography on its own ----------------------------------------------------------

def source(**fields) -> dict:
    return {"id": "s", "type": "webpage", "title": "A title", **fields}


def test_a_title_is_escaped_in_the_reference():
    [(_, entry)] = bibliography.entries([source(title="<script>x</script> & co")])
    assert "<script>" not in entry and "&lt;script&gt;x&lt;/script&gt; &amp; Co" in entry


def test_a_work_without_author_names_its_title_once():
    [(_, entry)] = bibliography.entries([source(issued={"date-parts": [[2013]], "circa": True})])
    assert entry == "“A Title.” [2013?]."


@pytest.mark.parametrize("issued, printed", [
    ({"date-parts": [[2011, 6]], "circa": True}, "[2011?]. “A Title.” <i>The Paper</i>, [June?]."),
    ({"date-parts": [[2021, 6, 14]], "circa": True},
     "[2021?]. “A Title.” <i>The Paper</i>, [June 14?]."),
    ({"date-parts": [[2021, 6, 14]], "circa": True, "estimated": ["month", "day"]},
     "2021. “A Title.” <i>The Paper</i>, [June 14?]."),
    ({"date-parts": [[2021, 6, 14]], "circa": True, "estimated": ["day"]},
     "2021. “A Title.” <i>The Paper</i>, June [14?]."),
    ({"date-parts": [[2021, 6, 14]]}, "2021. “A Title.” <i>The Paper</i>, June 14."),
])
def test_the_estimated_parts_of_a_date_are_marked_and_no_others(issued, printed):
    record = source(type="article-newspaper", author=[{"family": "Doe", "given": "Jane"}],
                    **{"container-title": "The Paper", "issued": issued})
    [(_, entry)] = bibliography.entries([record])
    assert entry == f"Doe, J. {printed}"


def test_the_legend_gives_the_marks_of_estimated_dates_of_publication():
    from briefing import datemarks, model

    def with_date(issued):
        return SimpleNamespace(issued=model.CslDate.model_validate(issued))

    content = SimpleNamespace(events=[], sources=[
        with_date({"date-parts": [[2011, 6]], "circa": True}),
        with_date({"date-parts": [[2021, 6, 14]], "circa": True, "estimated": ["day"]})])
    assert datemarks.legend(content) == (
        "a date of publication, or a part of one, in square brackets with a question mark, "
        "such as [2011?] or [June?], is the editors’ estimate.")


def test_an_estimated_part_names_a_part_the_date_gives(project):
    edit(project, "sources/gazette.yaml", "  date-parts: [[2007, 7]]\n",
         "  date-parts: [[2007, 7]]\n  circa: true\n  estimated: [day]\n"
         "issued-note: the month is the editors' estimate\n")
    assert diagnostics_of(project)[0] == (
        "content/sources/gazette.yaml:7:3: error: issued: 'estimated' names the parts of a "
        "circa date that are estimated, among those it gives: year, month [date.estimated]")


def test_no_stray_label_for_an_empty_variable():
    record = source(type="article-newspaper", author=[{"family": "Doe", "given": "Jane"}],
                    **{"container-title": "The Paper", "issued": {"date-parts": [[2011, 6]]}})
    [(_, entry)] = bibliography.entries([record])
    assert entry == "Doe, J. 2011. “A Title.” <i>The Paper</i>, June."


def test_a_journal_article_gives_its_issue_and_pages():
    record = source(type="article-journal", author=[{"family": "Doe", "given": "Jane"}],
                    issue="2", page="49-61",
                    **{"container-title": "Studies", "issued": {"date-parts": [[2016]]}})
    [(_, entry)] = bibliography.entries([record])
    assert entry == "Doe, J. 2016. “A Title.” <i>Studies</i>, no. 2: 49–61."


def test_notes_are_numbered_in_the_order_the_template_renders_them(tmp_path):
    """A template that puts the key judgments before the cover numbers their notes first."""
    import shutil

    project = make_project(tmp_path / "project", "test-print")
    (project / "templates").unlink()
    shutil.copytree(REPO / "templates", project / "templates")
    page_template = project / "templates" / "briefing.html.j2"
    text = page_template.read_text(encoding="utf-8")
    cover, judgments = '{% include "_cover.html.j2" %}\n', '{% include "_judgments.html.j2" %}\n'
    page_template.write_text(text.replace(cover, "").replace(judgments, judgments + cover),
                             encoding="utf-8")
    result = run_doit(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    page = lxml_html.fromstring((project / "build" / "briefing.html").read_bytes())
    calls = page.xpath("//a[@class='fnref']")
    assert [a.text_content() for a in calls] == [str(n) for n in range(1, len(calls) + 1)]
    assert calls[0].xpath("ancestor::section/@id") == ["key-judgments"]
    first_list = page.get_element_by_id("fn-1").xpath("ancestor::section/@id")
    assert first_list == ["key-judgments"]


# --- a project's own templates: a broken one is one line naming its file and line ---------------

@pytest.mark.parametrize(("template", "old", "new", "expected"), [
    pytest.param(
        "_cover.html.j2", "{{ doc.labels.bluf }}", "{{ doc.bluf_title }}",
        "templates/_cover.html.j2:7: error: 'briefing.validated.Document object' has no "
        "attribute 'bluf_title' [template.undefined]\n    hint: a project's own copy of "
        "templates/ may be older than the engine: compare it with the engine's templates/ and "
        "add what it lacks", id="a-name-the-engine-does-not-give"),
    pytest.param(
        "_judgments.html.j2", "{% endfor %}.</p>", "{% endfo %}.</p>",
        "templates/_judgments.html.j2:11: error: Encountered unknown tag 'endfo'. Jinja was "
        "looking for the following tags: 'endfor' or 'else'. The innermost block that needs to "
        "be closed is 'for'. [template.syntax]\n    hint: Jinja2 template syntax: "
        "https://jinja.palletsprojects.com/templates/", id="syntax"),
    pytest.param(
        "briefing.html.j2", '{% include "_ledger.html.j2" %}', '{% include "_chronology.html.j2" %}',
        "templates/briefing.html.j2:11: error: no template '_chronology.html.j2' in templates/ "
        "[template.missing]\n    hint: a project's own templates/ needs every template the "
        "engine's has", id="an-include-that-is-not-there"),
])
def test_a_broken_template_is_one_line_at_its_file_and_line(tmp_path, template, old, new, expected):
    import shutil

    project = make_project(tmp_path / "project")
    (project / "templates").unlink()
    shutil.copytree(REPO / "templates", project / "templates")
    assert run_doit(project, "html").returncode == 0
    good = (project / "build/briefing.html").read_bytes()
    path = project / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run_doit(project, "html")
    assert result.returncode != 0
    assert result.stderr.strip() == expected
    assert "error: task 'html' failed: a template cannot be rendered; the last good web " \
           "edition is kept" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert (project / "build/briefing.html").read_bytes() == good


def test_a_template_edited_after_it_was_compiled_is_used_as_edited(tmp_path):
    """Compiled templates are kept between builds (build/.templates/): an edit of one is
    compiled again, never served from the copy kept."""
    import shutil

    project = make_project(tmp_path / "project")
    (project / "templates").unlink()
    shutil.copytree(REPO / "templates", project / "templates")
    assert run_doit(project, "html").returncode == 0
    assert any((project / "build" / ".templates").iterdir())
    path = project / "templates" / "_cover.html.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{{ doc.labels.bluf }}", "{{ doc.labels.bluf }} (edited)"),
                    encoding="utf-8")
    assert run_doit(project, "html").returncode == 0
    assert "(edited)" in (project / "build" / "briefing.html").read_text(encoding="utf-8")
