"""WeasyPrint alone: the floor a build is measured against.

``python -m bench.weasy PROJECT`` renders ``PROJECT/build/briefing.html`` into every PDF
edition in this one fresh process, with the stylesheets, fonts, URL fetcher and PDF options
of ``briefing.pdf``, and prints the page counts and where the time went as JSON. No doit,
no validation, no templates, no charts, and nothing written to disk.
"""

from __future__ import annotations

import json
import sys
import time

from briefing.paths import EDITIONS, Project, font_dirs


def render_editions(project: Project) -> dict:
    started = time.perf_counter()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefing.fetcher import RestrictedFetcher
    from briefing.pdf import font_face_css

    report = {"import_s": time.perf_counter() - started, "editions": {}}
    for edition, (size, _) in EDITIONS.items():
        t0 = time.perf_counter()
        fetcher = RestrictedFetcher([project.templates, project.build, *font_dirs()])
        fonts = FontConfiguration()
        html = HTML(filename=str(project.html), url_fetcher=fetcher)
        stylesheets = [
            CSS(string=font_face_css(), url_fetcher=fetcher, font_config=fonts),
            CSS(filename=str(project.templates / "print.css"), url_fetcher=fetcher,
                font_config=fonts),
            CSS(string=f"@page {{ size: {size}; }}"),
        ]
        document = html.render(stylesheets=stylesheets, font_config=fonts,
                               pdf_variant="pdf/ua-1", pdf_tags=True)
        t1 = time.perf_counter()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        t2 = time.perf_counter()
        report["editions"][edition] = {"pages": len(document.pages), "bytes": len(pdf),
                                       "render_s": t1 - t0, "write_s": t2 - t1}
    report["total_s"] = time.perf_counter() - started
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.weasy PROJECT", file=sys.stderr)
        return 2
    print(json.dumps(render_editions(Project.at(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
