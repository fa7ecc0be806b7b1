"""A chart written into the web page (briefing.chartsvg): only drawing, nothing that runs,
loads or styles the page, ids of its own, and the web edition's font families."""

from __future__ import annotations

import pytest
from lxml import etree

from briefing.chartsvg import inline

SVG = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="100pt" height="50pt" viewBox="0 0 100 50" onload="alert(1)">
 <metadata><title>matplotlib</title></metadata>
 <defs><style type="text/css">*{stroke-linecap: butt}</style>
  <path id="m1" d="M 0 0 L 1 1"/>
  <clipPath id="c1"><rect x="0" y="0" width="100" height="50"/></clipPath></defs>
 <script>alert(2)</script>
 <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
 <image href="http://example.com/x.png"/>
 <use xlink:href="#m1" x="5" y="5" onclick="alert(3)" style="fill: red"/>
 <use href="http://example.com/sprite.svg#m1"/>
 <path d="M 0 0 L 9 9" clip-path="url(#c1)" fill="url(http://example.com/p.svg#x)"/>
 <text x="1" y="9" font-size="7.5px" font-family="'Source Sans Pro', sans-serif">Putin &amp; co</text>
 <text x="1" y="19" font-family="'Source Serif Pro', serif" font-weight="600">B</text>
</svg>"""


@pytest.fixture
def chart():
    return etree.fromstring(str(inline(SVG, "chart-a-", 'A bar chart of "offers" <b>')))


def tags(chart) -> list[str]:
    return [etree.QName(e).localname for e in chart.iter()]


def test_nothing_that_runs_loads_or_styles_the_page_is_kept(chart):
    assert set(tags(chart)) == {"svg", "defs", "path", "clipPath", "rect", "use", "text"}
    for element in chart.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on") or a == "style"]
    hrefs = [e.get("href") for e in chart.iter() if e.get("href") is not None]
    assert hrefs == ["#chart-a-m1"]  # the one to another host is gone with its element's link
    (clipped,) = [e for e in chart.iter() if e.get("clip-path")]
    assert clipped.get("clip-path") == "url(#chart-a-c1)" and clipped.get("fill") is None


def test_ids_are_the_charts_own(chart):
    assert sorted(e.get("id") for e in chart.iter() if e.get("id")) == ["chart-a-c1", "chart-a-m1"]


def test_it_is_an_image_named_by_its_alt_text_which_stays_text(chart):
    assert chart.get("role") == "img" and chart.get("class") == "chart"
    assert chart.get("aria-label") == 'A bar chart of "offers" <b>'
    assert [t.text for t in chart.iter("{*}text")] == ["Putin & co", "B"]


def test_its_text_is_set_in_the_web_editions_families(chart):
    families = [t.get("font-family") for t in chart.iter("{*}text")]
    assert families == ["'Briefing Sans', sans-serif", "'Briefing Serif', serif"]


def test_what_is_not_an_svg_is_refused():
    with pytest.raises(ValueError, match="not an SVG"):
        inline(b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "p-", "x")
