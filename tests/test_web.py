"""The web edition's own parts, read back without a browser: its policy, fonts, single file.

(tests/test_browser.py shows the same in chromium; these run where no browser is.)
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_doit
from fontTools.ttLib import TTFont

from briefing.fonts import FONTS, web_fonts
from briefing.paths import font_file
from briefing.web import policy


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("web") / "project")
    result = run_doit(folder, "html", "fonts", "standalone")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "build"


def _policy_of(page: str) -> dict[str, list[str]]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    return {d.split()[0]: d.split()[1:] for d in content.group(1).split("; ")}


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_the_pages_own_style_and_script_and_nothing_else(built):
    page = (built / "briefing.html").read_text(encoding="utf-8")
    rules = _policy_of(page)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    (style,) = re.findall(r'<style media="screen">(.*?)</style>', page, re.DOTALL)
    assert rules["default-src"] == ["'none'"]
    assert rules["script-src"] == [_digest(script)] and rules["style-src"] == [_digest(style)]
    assert rules["img-src"] == ["'self'"] and rules["font-src"] == ["'self'"]
    assert page.index("Content-Security-Policy") < page.index("<style")
    assert ' style="' not in page  # a style attribute would need 'unsafe-inline'


def test_a_page_without_script_allows_none():
    assert "script-src 'none'; style-src 'none'" in policy("<p>plain</p>")


def test_the_web_fonts_are_the_print_fonts_as_woff2(built):
    names = sorted(Path(n).with_suffix(".woff2").name for f in FONTS.values() for n in f.values())
    assert web_fonts() == names
    for name in names:
        data = (built / "fonts" / name).read_bytes()
        assert data[:4] == b"wOF2"
        web = TTFont(io.BytesIO(data))
        otf = TTFont(font_file(Path(name).with_suffix(".otf").name))
        assert web.getGlyphOrder() == otf.getGlyphOrder()
        assert web["name"].getDebugName(1) == otf["name"].getDebugName(1)
    page = (built / "briefing.html").read_text(encoding="utf-8")
    assert page.count('src: url("fonts/') == len(names)


def test_the_single_file_edition_needs_no_other_file(built):
    page = (built / "briefing-standalone.html").read_text(encoding="utf-8")
    sources = re.findall(r'\b(?:src|href)="([^"#][^"]*)"', page) + re.findall(r'url\("([^"]*)"\)', page)
    assert sources and all(s.startswith("data:") or s.startswith("http") for s in sources), \
        [s[:40] for s in sources if not s.startswith("data:")]
    assert "<img " not in page  # each chart is in the page once, as itself, not also as a file
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    rules = _policy_of(page)
    assert rules["img-src"] == ["data:"] and rules["font-src"] == ["data:"]
    (style,) = re.findall(r'<style media="screen">(.*?)</style>', page, re.DOTALL)
    assert rules["style-src"] == [_digest(style)]


def test_a_templates_own_inline_script_is_not_allowed(tmp_path):
    """A template override (or a slip in one) that writes an inline script: the policy
    still allows only the engine's own script, so the other does not run."""
    import shutil

    folder = make_project(tmp_path / "project")
    (folder / "templates").unlink()
    shutil.copytree(REPO / "templates", folder / "templates")
    cover = folder / "templates" / "_cover.html.j2"
    cover.write_text('<script>document.title = "ran";</script>\n' + cover.read_text())
    result = run_doit(folder, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (folder / "build" / "briefing.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert [s.strip() for s in scripts] == ['document.title = "ran";',
                                            (REPO / "templates" / "web.js").read_text().strip()]
    assert _policy_of(page)["script-src"] == [_digest(scripts[1])]
