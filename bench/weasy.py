"""WeasyPrint alone: the floor a build is measured against.

``python -m bench.weasy PROJECT`` renders ``PROJECT/build/briefing.html`` into every PDF
edition in this one fresh process with ``briefing.pdf.render_pdf`` itself (the same
stylesheets, fonts, URL fetcher, PDF options and WeasyPrint patches as the pdf tasks), and
prints the page counts and where the time went as JSON. No doit, no validation, no
templates, no charts. The PDFs it writes replace the build's own, byte for byte the same.
"""

from __future__ import annotations

import json
import sys
import time

from briefing.paths import EDITIONS, Project


def render_editions(project: Project) -> dict:
    started = time.perf_counter()
    import weasyprint

    from briefing.pdf import render_pdf

    report = {"import_s": time.perf_counter() - started, "editions": {}}
    timings = _time_weasyprint(weasyprint)
    for edition in EDITIONS:
        t0 = time.perf_counter()
        render_pdf(project, edition)
        report["editions"][edition] = {
            "pages": timings["pages"], "total_s": time.perf_counter() - t0,
            "render_s": timings["render_s"], "write_s": timings["write_s"]}
    report["total_s"] = time.perf_counter() - started
    return report


def _time_weasyprint(weasyprint) -> dict:
    """Time layout (``HTML.render``) and PDF output (``Document.write_pdf``) as they run."""
    timings = {"pages": 0, "render_s": 0.0, "write_s": 0.0}
    render, write = weasyprint.HTML.render, weasyprint.Document.write_pdf

    def timed_render(self, *args, **kwargs):
        start = time.perf_counter()
        document = render(self, *args, **kwargs)
        timings["render_s"], timings["pages"] = time.perf_counter() - start, len(document.pages)
        return document

    def timed_write(self, *args, **kwargs):
        start = time.perf_counter()
        pdf = write(self, *args, **kwargs)
        timings["write_s"] = time.perf_counter() - start
        return pdf

    weasyprint.HTML.render, weasyprint.Document.write_pdf = timed_render, timed_write
    return timings


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.weasy PROJECT", file=sys.stderr)
        return 2
    print(json.dumps(render_editions(Project.at(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
