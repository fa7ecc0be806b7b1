"""Helpers for the tests that drive a real browser: Debian's chromium through playwright.

A missing browser, playwright or axe-core skips those tests on a developer's machine, with
the reason and the remedy; under CI (``CI=true``) it fails them, so that a machine set up
wrong cannot pass by skipping. ``.ci/run`` installs all three when they are missing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "build" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1280, "height": 800}},
}
#: Run before any script of the page: the policy violations the page reports.
WATCH_POLICY = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolations.push(event.effectiveDirective + " " + (event.blockedURI || "inline"));
});
"""


def missing(what: str, remedy: str):
    """A browser tool is not installed: fail under CI, skip elsewhere."""
    message = f"{what} is not installed ({remedy})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def start_playwright():
    """Playwright's sync API, started; the system's chromium is checked first."""
    if not CHROMIUM.is_file():
        missing(f"chromium ({CHROMIUM})", "apt-get install chromium; .ci/run does")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "make test installs the test extra of pyproject.toml")
    return sync_playwright().start()


def open_browser(playwright, user_data_dir: Path, viewport: str):
    """A fresh chromium (its own new profile) sized as ``viewport``."""
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), args=ARGS, headless=True,
        **VIEWPORTS[viewport])
    context.add_init_script(WATCH_POLICY)
    return context


def until(page, script: str, timeout: float = 10.0):
    """Evaluate ``script`` in the page until it gives a true value (or the time is up).

    Polled from here: the page's policy forbids the string evaluation that playwright's
    ``wait_for_function`` does inside the page. A navigation under way counts as not yet.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(script)
        except Error:
            value = None
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
