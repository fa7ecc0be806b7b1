"""briefing.warmup: doit's worker processes import WeasyPrint while they have no task."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

from briefing import warmup

#: Run in a fresh interpreter (WeasyPrint not imported yet): arm the warm-up, fork a worker
#: as doit's multiprocessing runner does, and report from it what it imported while idle,
#: then what a task run meanwhile saw.
SCRIPT = r"""
import multiprocessing, sys, time
from pathlib import Path
from briefing import warmup

html = Path(sys.argv[1])
html.write_text('<!DOCTYPE html><html lang="en-GB"><body></body></html>', encoding="utf-8")
warmup.arm(html)

def worker(queue):
    from doit.runner import MRunner
    def hyphenation():  # the last step
        pyphen = sys.modules.get("pyphen")
        return pyphen is not None and any("en_GB" in str(name) for name in pyphen.hdcache)

    started = time.monotonic()
    while not hyphenation() and time.monotonic() - started < 120:
        time.sleep(0.05)
    queue.put(["weasyprint" in sys.modules, "briefing.pdf" in sys.modules, hyphenation()])
    ran = []
    MRunner.execute_task(None, ran)  # busy: the warm-up must leave the task be
    queue.put(ran)

from doit import runner
runner.Runner.execute_task = lambda self, task: task.append("ran")
queue = multiprocessing.get_context("fork").Queue()
process = multiprocessing.get_context("fork").Process(target=worker, args=(queue,))
process.start()
print(queue.get(timeout=150), queue.get(timeout=30))
process.join()
assert "weasyprint" not in sys.modules  # the build's own process imported nothing
"""


def test_runs_that_may_render_a_pdf_warm_up():
    assert warmup.wanted(["validate", "html", "pdf", "export"])  # doit alone: every task
    assert warmup.wanted(["pdf:letter"])
    assert not warmup.wanted(["html"])  # what the preview runs
    assert not warmup.wanted(["validate", "figures"])
    assert not warmup.wanted(None)


def test_an_idle_worker_imports_weasyprint_and_the_hyphenation_dictionary(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "briefing.html")],
                            cwd=REPO, capture_output=True, text=True, timeout=200)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "[True, True, True] ['ran']"
