"""briefing.renderhost: the PDF editions rendered by warm processes, made ready in advance.

Each check runs in a fresh interpreter, as a build process would: it arms the host, then
asks for an edition as a PDF task does, and compares with the edition rendered in the
task's own process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build, make_project, processes_in, run_doit

from briefing import renderhost

pytestmark = pytest.mark.skipif(not renderhost.usable(), reason="needs Linux and two cores")

#: argv: project root, what to do before asking ("nothing", "kill-host").
SCRIPT = r"""
import json, os, signal, sys, time
from pathlib import Path
from briefing import actions, pdf, renderhost
from briefing.paths import Project

root, before = sys.argv[1], sys.argv[2]
project = Project.at(root)
seen = {}
render_pdf = pdf.render_pdf
def recording(*args):  # inherited by the host's renderers
    seen_path = Path(root) / "rendered-by.json"
    seen_path.write_text(json.dumps({"pid": os.getpid(), "warm": "weasyprint" in sys.modules}))
    return render_pdf(*args)
pdf.render_pdf = recording

renderhost.arm(str(project.html), ["a4"])
if before == "kill-host":
    os.kill(renderhost._host.pid, signal.SIGKILL)
    renderhost._host.join()
    time.sleep(0.5)  # its renderer, interrupted, is gone too
failed = actions.pdf(root, "a4")
by = json.loads((Path(root) / "rendered-by.json").read_text())
hosted = project.pdf("a4").read_bytes()
failed_here = actions.pdf_here(root, "a4")
renderhost.stop(rendered=True, rendering=False)
print(json.dumps({
    "failed": failed and failed.message, "failed_here": failed_here and failed_here.message,
    "same": hosted == project.pdf("a4").read_bytes(),
    "by_another": by["pid"] != os.getpid(), "warm": by["warm"],
}))
"""


def ask(project: Path, before: str = "nothing") -> dict:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(project), before], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("renderhost") / "project")
    build(project)
    return project


def test_a_warm_renderer_writes_the_edition_the_task_would(built):
    answer = ask(built)
    assert answer["by_another"] and answer["warm"]  # loaded before it was asked
    assert answer["failed"] is None and answer["failed_here"] is None
    assert answer["same"]  # byte for byte what the task renders itself


def test_a_renderer_says_why_a_render_failed_as_the_task_would(built, tmp_path):
    html = built / "build" / "briefing.html"
    good = html.read_text(encoding="utf-8")
    try:
        html.write_text(good.replace("</body>", '<img src="http://example.org/x.png"></body>'),
                        encoding="utf-8")
        answer = ask(built)
    finally:
        html.write_text(good, encoding="utf-8")
    assert answer["by_another"]
    assert answer["failed"].startswith("PDF not written, the last good one is kept: ")
    assert "example.org" in answer["failed"]
    assert answer["failed"] == answer["failed_here"]


def test_without_its_renderer_the_task_renders_the_edition_itself(built):
    answer = ask(built, "kill-host")
    assert not answer["by_another"]  # the task's own process
    assert answer["failed"] is None and answer["same"]


def test_a_build_leaves_no_process_behind(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert processes_in(project) == []


#: Arm, and end the run at once as a no-op build does: the host is ended, not waited for
#: while it loads WeasyPrint (a no-op build takes a fraction of a second).
NO_OP_SCRIPT = r"""
import sys
from briefing import renderhost
renderhost.arm(sys.argv[1], ["a4", "letter"])
host = renderhost._host
renderhost.stop(rendered=False, rendering=False)
print(host.exitcode, "weasyprint" in sys.modules)
"""


def test_a_run_that_rendered_nothing_ends_the_host_at_once(built):
    result = subprocess.run([sys.executable, "-c", NO_OP_SCRIPT, str(built / "build" / "briefing.html")],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-15", "False"]  # SIGTERM, mid-load; nothing loaded here
