"""The web edition as readers use it, in a real browser (Debian's chromium, headless).

test-print is built (web edition, fonts, single-file edition) and served on 127.0.0.1; each
test opens it at the size of a phone (375x812, touch) and of a laptop (1280x800). Screenshots
go to build/screenshots/ of the repository, to be looked at.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from browser import AXE, VIEWPORTS, missing, open_browser, screenshot, start_playwright, until
from conftest import REPO, make_project, run_doit

pytestmark = pytest.mark.browser
ROOTS = ("test-print", "hostile-markup")
#: The repository's own briefing, served too: its charts are the ones readers see, long
#: labels and all.
BRIEFING = "briefing"
IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Each root built and served at http://127.0.0.1:PORT/<root>/."""
    served = tmp_path_factory.mktemp("served")
    for root in (*ROOTS, BRIEFING):
        content = REPO / "content" if root == BRIEFING else None
        project = make_project(tmp_path_factory.mktemp(root) / "project", root, content)
        result = run_doit(project, "html", "fonts", "standalone")
        assert result.returncode == 0, result.stdout + result.stderr
        (served / root).symlink_to(project / "build")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "folder": served}
    server.shutdown()


@pytest.fixture(scope="module")
def playwright():
    started = start_playwright()
    yield started
    started.stop()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def browser(request, playwright, tmp_path_factory):
    context = open_browser(playwright, tmp_path_factory.mktemp("profile"), request.param)
    context.viewport_name = request.param
    yield context
    context.close()


class Opened:
    """A page of the browser, with every request it made."""

    def __init__(self, browser, url: str):
        self.viewport = browser.viewport_name
        self.page = browser.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")

    def violations(self) -> list[str]:
        return self.page.evaluate("() => window.__policyViolations")


@pytest.fixture
def opened(browser, sites):
    page = Opened(browser, f"{sites['url']}/test-print/briefing.html")
    yield page
    page.page.close()


@pytest.fixture
def briefing(browser, sites):
    """The repository's own briefing, opened."""
    page = Opened(browser, f"{sites['url']}/{BRIEFING}/briefing.html")
    yield page
    page.page.close()


def test_the_page_fits_the_screen_without_horizontal_scrolling(opened):
    page = opened.page
    wider = page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map(el => el.tagName + "." + el.className);
    }""")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= VIEWPORTS[
        opened.viewport]["viewport"]["width"], wider
    assert wider == []
    screenshot(page, f"top-{opened.viewport}")
    page.locator("#chronology").scroll_into_view_if_needed()
    screenshot(page, f"chronology-{opened.viewport}")


#: Each chart of the page: its box, its text's boxes and fonts, and its plot area (the
#: first white rectangle after the figure's background, where matplotlib draws the axes).
CHARTS = """() => [...document.querySelectorAll("figure svg.chart")].map(svg => {
  const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
  const rect = (el) => { const r = el.getBoundingClientRect();
                         return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const plot = [...svg.querySelectorAll("path[fill='#ffffff']")].slice(1)
    .find(p => (p.getAttribute("d").match(/L/g) || []).length === 3);
  const texts = [...svg.querySelectorAll("text")].map(t => ({
    words: t.textContent, box: rect(t), family: getComputedStyle(t).fontFamily,
    px: parseFloat(getComputedStyle(t).fontSize) * scale}));
  return {figure: svg.closest("figure").id, box: rect(svg), texts: texts,
          plot: plot ? rect(plot) : null, label: svg.getAttribute("aria-label"),
          caption: svg.closest("figure").querySelector("figcaption").textContent,
          width: document.documentElement.clientWidth};
})"""


def charts_of(page) -> list[dict]:
    return page.evaluate(CHARTS)


def test_every_chart_shows_all_its_text_with_its_alt_text(briefing):
    opened = briefing
    charts = charts_of(opened.page)
    assert len(charts) == opened.page.locator("figure").count() == 4
    for chart in charts:
        box = chart["box"]
        assert chart["label"].strip() and chart["caption"].startswith("Figure ")
        assert 0 <= box["left"] and box["right"] <= chart["width"], chart["figure"]
        outside = [t["words"] for t in chart["texts"] if t["box"]["left"] < box["left"] - 0.5
                   or t["box"]["right"] > box["right"] + 0.5 or t["box"]["top"] < box["top"] - 0.5
                   or t["box"]["bottom"] > box["bottom"] + 0.5]
        assert outside == [], chart["figure"]
    opened.page.locator("figure").first.scroll_into_view_if_needed()
    screenshot(opened.page, f"figure-{opened.viewport}")


def test_labels_beside_a_plot_end_before_it(briefing):
    """An axis's labels (Figure 3's actors) end where the plot begins, never under its bars."""
    opened = briefing
    for chart in charts_of(opened.page):
        plot = chart["plot"]
        beside = [t for t in chart["texts"]  # to the left of the plot, at the height of it
                  if t["box"]["top"] >= plot["top"] - 1 and t["box"]["bottom"] <= plot["bottom"] + 1]
        under = [t["words"] for t in beside
                 if t["box"]["left"] < plot["left"] - 1 and t["box"]["right"] > plot["left"] + 0.5]
        assert under == [], chart["figure"]
    opened.page.locator("#fig-actors").scroll_into_view_if_needed()
    screenshot(opened.page, f"figure-actors-{opened.viewport}")


#: The chart of the open dialog: its smallest text in CSS pixels, and whether it is whole.
OPENED_CHART = """() => {
  const dialog = document.querySelector("dialog.chart-dialog[open]");
  const svg = dialog && dialog.querySelector("svg.chart");
  if (!svg) { return null; }
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize));
  const view = dialog.querySelector(".chart-full");
  return {smallest: Math.min(...sizes) * scale, label: svg.getAttribute("aria-label"),
          scrolls: view.scrollWidth > view.clientWidth, name: dialog.getAttribute("aria-label"),
          focused: dialog.contains(document.activeElement)};
}"""


def test_a_chart_opens_full_size_with_text_to_read(briefing):
    page = briefing.page
    small = min(t["px"] for chart in charts_of(page) for t in chart["texts"])
    if briefing.viewport == "phone":
        assert small < 8  # why it opens: on the page, its words are too small to read
    figure = page.locator("#fig-actors")
    figure.scroll_into_view_if_needed()
    if briefing.viewport == "phone":
        figure.locator(".chart-view").tap()
    else:
        figure.locator(".chart-view").click()
    assert until(page, OPENED_CHART)
    chart = page.evaluate(OPENED_CHART)
    assert chart["smallest"] >= 11 and chart["label"].startswith("Horizontal bar chart"), chart
    assert chart["name"] == "Figure 3." and chart["focused"]
    assert chart["scrolls"] == (briefing.viewport == "phone")  # wider than a phone: it scrolls
    screenshot(page, f"chart-open-{briefing.viewport}")
    page.locator("dialog .chart-close").click()
    assert page.evaluate(OPENED_CHART) is None
    assert figure.locator(".chart-view svg.chart").count() == 1  # back in its place


def test_a_chart_opens_full_size_from_the_keyboard(briefing):
    page = briefing.page
    button = page.locator("#fig-timeline button.chart-open")
    assert button.get_attribute("aria-label") == "Open full size: Figure 1"
    button.focus()
    page.keyboard.press("Enter")
    assert until(page, OPENED_CHART)
    assert page.evaluate(OPENED_CHART)["smallest"] >= 11
    page.keyboard.press("Escape")
    assert page.evaluate(OPENED_CHART) is None
    assert page.evaluate("() => document.activeElement.className") == "chart-open"
    assert page.locator("#fig-timeline .chart-view svg.chart").count() == 1
    assert briefing.violations() == []


def test_chart_text_is_set_in_the_bundled_fonts(briefing):
    page = briefing.page
    families = {t["family"] for chart in charts_of(page) for t in chart["texts"]}
    assert families == {'"Briefing Sans", sans-serif'}
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.status === "loaded")
                                    .map(f => f.family.replace(/"/g, "") + " " + f.weight)""")
    assert "Briefing Sans 400" in loaded, loaded
    bold = page.evaluate("""() => [...document.querySelectorAll("svg.chart text[font-weight]")]
                                  .map(t => getComputedStyle(t).fontWeight)""")
    assert all(weight == "600" for weight in bold) and "Briefing Sans 600" in loaded, loaded


def test_the_chronologys_summaries_have_the_room_on_a_laptop(briefing):
    """The summary column is the widest, and the rows are much shorter than they were in the
    prose's measure with the browser's own column balance (each column its longest word's
    share: a summary column of some 220 px, rows of 260 px on average)."""
    page = briefing.page
    if briefing.viewport != "laptop":
        assert page.evaluate("""() => getComputedStyle(document.querySelector(
            "table.ledger td.who"), "::before").content""") == '"Who, to whom: "'
        return  # a phone shows one card per event, each cell labelled
    widths = page.evaluate("""() => [...document.querySelectorAll("table.ledger thead th")]
                                    .map(th => th.getBoundingClientRect().width)""")
    assert widths[2] == max(widths) and widths[2] >= 360, widths
    height = "() => document.querySelector('table.ledger').getBoundingClientRect().height"
    balanced = page.evaluate(height)
    page.evaluate("""() => {
      document.querySelector("table.ledger").style.setProperty("table-layout", "auto");
      document.querySelector(".chronology").style.setProperty("max-width", "46rem");
      document.querySelectorAll("table.ledger col").forEach(c => c.style.setProperty("width", "auto"));
    }""")
    assert balanced < 0.8 * page.evaluate(height)


def test_the_text_is_set_in_the_typefaces_of_print(opened):
    page = opened.page
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.status === "loaded")
                                    .map(f => f.family.replace(/"/g, "") + " " + f.weight)""")
    assert "Briefing Serif 400" in loaded and "Briefing Sans 700" in loaded, loaded
    family = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily",
                           "main p")
    assert family.startswith('"Briefing Serif"')
    family = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily", "h2")
    assert family.startswith('"Briefing Sans"')


def test_no_request_goes_to_another_host_and_the_policy_is_kept(opened, sites):
    assert opened.requests and all(url.startswith(sites["url"] + "/") for url in opened.requests), \
        opened.requests
    assert any("/fonts/" in url for url in opened.requests)
    opened.page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    opened.page.wait_for_timeout(300)
    assert not [url for url in opened.requests if "/figures/" in url]  # print's files stay unread
    assert opened.violations() == []


def test_the_policy_refuses_a_script_or_style_the_page_did_not_bring(opened):
    page = opened.page
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = true";
      document.body.append(script);
      const style = document.createElement("style");
      style.textContent = "body { background: rgb(255, 0, 0) }";
      document.head.append(style);
    }""")
    assert page.evaluate("() => window.__ran") is None
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert until(page, "() => window.__policyViolations.length >= 2")
    assert sorted(v.split()[0] for v in opened.violations()) == ["script-src-elem", "style-src-elem"]


def follow(page, link) -> None:
    """Click a link within the page: its target is then the location, and on the screen."""
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => location.hash") == target
    assert page.evaluate(IN_VIEW, target), f"{target} is not on the screen"


def test_every_citation_reaches_its_note_and_back(opened):
    page = opened.page
    calls = page.locator("a.fnref")
    assert calls.count() > 5
    for i in range(calls.count()):
        call = calls.nth(i)
        follow(page, call)
        page.mouse.move(1, 1)  # away from the text, so that no note preview covers the way back
        back = page.locator(f"{call.get_attribute('href')} a.backref")
        assert back.get_attribute("href") == "#" + call.get_attribute("id")
        follow(page, back)


def test_the_contents_link_to_every_section_and_stay_within_reach(opened):
    page = opened.page
    links = page.locator("nav.contents a[href^='#']")
    assert links.count() > 5
    for i in range(links.count()):
        if opened.viewport == "phone":  # the contents are one tap away, wherever one reads
            page.evaluate("() => window.scrollBy(0, -80)")  # looking for something
            # (at the top of the page the contents follow the cover, a swipe away)
            if page.evaluate("() => scrollY > 0") and not page.evaluate(IN_VIEW, "#contents"):
                assert until(page, CONTENTS_SHOWN)
                follow(page, page.locator("a.to-contents"))
            else:
                page.wait_for_timeout(300)
                assert page.evaluate("() => getComputedStyle(document.querySelector("
                                     "'a.to-contents')).opacity") == "0"
        else:  # the contents stay on the screen, beside the text
            assert page.evaluate(IN_VIEW, "nav.contents .toc")
            assert not page.locator("a.to-contents").is_visible()
        follow(page, links.nth(i))
    if opened.viewport == "laptop":  # and they mark the part on the screen
        follow(page, page.locator("nav.contents .toc a[href='#chronology']"))
        assert until(page, """() => document.querySelector(".toc a[aria-current]").hash
                               === "#chronology" """)
    screenshot(page, f"contents-{opened.viewport}")


#: Whether the "Contents" link is on the screen (not moved away, its fade-out over).
CONTENTS_SHOWN = """() => { const link = document.querySelector("a.to-contents");
  return getComputedStyle(link).opacity === "1" && link.getBoundingClientRect().bottom <= innerHeight; }"""
#: The lines of text on the screen (each text node's line boxes) under the "Contents" link,
#: unless it is not there to be seen (faded out, or moved off the screen).
UNDER_CONTENTS = """() => {
  const link = document.querySelector("a.to-contents");
  if (getComputedStyle(link).opacity === "0") { return []; }
  const at = link.getBoundingClientRect();
  const top = Math.max(at.top, 0), bottom = Math.min(at.bottom, innerHeight);
  if (bottom <= top) { return []; }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const under = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || link.contains(node)) { continue; }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) {
      if (line.width && line.bottom > top && line.top < bottom && line.right > at.left
          && line.left < at.right) { under.push(node.textContent.trim().slice(0, 40)); }
    }
  }
  return under;
}"""


def test_the_contents_link_covers_no_text(opened):
    page = opened.page
    if opened.viewport != "phone":
        assert not page.locator("a.to-contents").is_visible()  # the contents are beside the text
        return
    height = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    for share in (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1):  # reading on, down to the end
        page.evaluate("(y) => window.scrollTo(0, y)", round(height * share))
        page.wait_for_timeout(300)  # its fade
        assert page.evaluate(UNDER_CONTENTS) == [], share
    assert until(page, CONTENTS_SHOWN)  # at the end it is there, below the last line
    screenshot(page, "contents-link-end-phone")
    page.evaluate("(y) => window.scrollTo(0, y)", round(height * 0.6))
    page.evaluate("() => window.scrollBy(0, -120)")  # looking for something: it comes back
    assert until(page, CONTENTS_SHOWN)
    page.locator("a.to-contents").tap()
    assert page.evaluate("() => location.hash") == "#contents"


def test_a_citation_previews_its_note_in_place(opened):
    page = opened.page
    call = page.locator("a.fnref").nth(2)
    note = call.get_attribute("href")
    words = page.evaluate("(s) => document.querySelector(s).textContent", note)
    words = " ".join(words.replace("Back to text", "").split()[1:8])  # after the number
    preview = page.locator("#note-preview")
    call.scroll_into_view_if_needed()
    if opened.viewport == "phone":
        call.tap()
        preview.wait_for(state="visible")
        assert page.evaluate("() => location.hash") == ""  # the first tap keeps one's place
    else:
        call.hover()
        preview.wait_for(state="visible")
    assert words in " ".join(preview.inner_text().split())
    assert call.get_attribute("aria-describedby") == "note-preview"
    box, width = preview.bounding_box(), page.evaluate("() => document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    screenshot(page, f"note-preview-{opened.viewport}")
    preview.locator("a.to-note").click()
    assert page.evaluate("() => location.hash") == note
    assert preview.is_hidden()


def test_a_citation_previews_its_note_on_keyboard_focus(opened):
    page = opened.page
    call = page.locator("a.fnref").first
    call.focus()
    page.locator("#note-preview").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.locator("#note-preview").is_hidden()


def test_no_serious_or_critical_accessibility_violations(opened):
    if not AXE.is_file():
        missing("axe-core", "npm install --prefix tests --no-package-lock; .ci/run does")
    page = opened.page
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert serious_violations(page) == []
    page.locator("figure button.chart-open").first.click()  # and with a chart open full size
    assert until(page, OPENED_CHART)
    assert serious_violations(page) == []


def serious_violations(page) -> list[dict]:
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
      .violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
                             where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_content_stays_text_in_the_browser(browser, sites):
    """Markup and script in content show as the words they are; nothing runs or loads."""
    opened = Opened(browser, f"{sites['url']}/hostile-markup/briefing.html")
    page = opened.page
    text = page.evaluate("() => document.body.innerText")
    assert "<script>new Image().src='http://127.0.0.1:47999/summary'</script>" in text
    assert page.evaluate("() => document.scripts.length") == 1  # the template's own
    assert page.evaluate("() => document.querySelectorAll('img:not(figure > img), object, link').length") == 0
    assert all(url.startswith(sites["url"] + "/hostile-markup/") for url in opened.requests), \
        opened.requests
    assert opened.violations() == []
    page.close()


def test_the_single_file_edition_shows_everything_on_its_own(browser, sites, tmp_path):
    alone = tmp_path / "briefing-standalone.html"
    shutil.copyfile(sites["folder"] / "test-print" / "briefing-standalone.html", alone)
    opened = Opened(browser, alone.as_uri())
    page = opened.page
    assert {url for url in opened.requests if not url.startswith("data:")} == {alone.as_uri()}
    charts = charts_of(page)
    assert charts and all(c["box"]["right"] - c["box"]["left"] > 300 and c["texts"] for c in charts)
    assert page.evaluate("() => document.images.length") == 0  # the charts are in the page
    page.locator("figure button.chart-open").first.click()
    assert until(page, OPENED_CHART)["smallest"] >= 11  # and open full size there too
    page.keyboard.press("Escape")
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').length")
    assert loaded >= 2
    assert opened.violations() == []
    page.locator("a.fnref").first.hover()
    screenshot(page, f"standalone-{opened.viewport}")
    page.close()
