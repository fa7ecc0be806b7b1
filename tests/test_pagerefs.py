"""Page references laid out from the pages kept from the last render, checked by WeasyPrint.

test-print is built once with doit; its A4 edition is then rendered again in this process
with wrong, missing and right kept pages. Whatever was kept, the PDF comes out the same,
every number true; with the right pages kept, each page is laid out once.
"""

from __future__ import annotations

import json

import pytest
from conftest import make_project, run_doit

from briefing.paths import Project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    folder = make_project(tmp_path_factory.mktemp("pagerefs") / "project", "test-print")
    result = run_doit(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return Project.at(folder)


def render_a4(project: Project) -> bytes:
    from briefing.pdf import render_pdf

    render_pdf(project, "a4")
    return project.pdf("a4").read_bytes()


@pytest.mark.parametrize("kept", ["wrong", "missing", "unreadable"])
def test_whatever_was_kept_the_pdf_is_the_same(built, kept):
    good = built.pdf("a4").read_bytes()
    cache = built.page_numbers("a4")
    pages = json.loads(cache.read_text(encoding="utf-8"))
    assert pages["anchors"], "the build keeps the pages of the referenced anchors"
    if kept == "wrong":
        wrong = {a: p + 3 for a, p in pages["anchors"].items()}
        cache.write_text(json.dumps({**pages, "anchors": wrong}), encoding="utf-8")
    elif kept == "missing":
        cache.unlink()
    else:
        cache.write_text("{not json", encoding="utf-8")
    assert render_a4(built) == good
    assert json.loads(cache.read_text(encoding="utf-8")) == pages


def test_with_the_right_pages_kept_each_page_is_laid_out_once(built, monkeypatch):
    from weasyprint.layout import page as layout_page

    made = []
    make_page = layout_page.make_page

    def counting(*args, **kwargs):
        made.append(1)
        return make_page(*args, **kwargs)

    monkeypatch.setattr(layout_page, "make_page", counting)
    render_a4(built)  # the kept pages are right: the build just wrote them
    from pypdf import PdfReader

    assert len(made) == len(PdfReader(built.pdf("a4")).pages)
