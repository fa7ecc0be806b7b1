"""The machine the benchmark ran on, and the table it prints."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path


def machine() -> dict:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
        "weasyprint": version("weasyprint"),
        "doit": version("doit"),
        "platform": platform.platform(),
    }


def engine_state(repo: Path) -> dict:
    """The commit the engine snapshot was taken from, and the files changed since."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {"commit": git("rev-parse", "HEAD"),
            "changed": [line[3:] for line in git("status", "--porcelain").splitlines()]}


def _yes(holds: bool) -> str:
    return "yes" if holds else "NO"


def _cpu(measure: dict) -> str:
    return f" (CPU {measure['cpu']['ratio']:.2f})" if "cpu" in measure else ""


def rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    """(measure, measured, against, ratio, target and whether it holds) for each figure."""
    out = []
    names = {"clean": "1. clean build", "noop": "2. no-op doit", "edit": "3. one summary edited",
             "html": "3b. doit html after an edit", "validate": "5. validate alone"}
    for key, name in names.items():
        if "error" in result.get(key, {}):
            out.append((name, "FAILED", "", "", "see bench.json"))
            result = {k: v for k, v in result.items() if k != key}
    for scale in result.get("scale", []):
        if "error" in scale:
            out.append((f"4. {scale['factor']}x content", "FAILED", "", "", "see bench.json"))
    result = {**result, "scale": [s for s in result.get("scale", []) if "error" not in s]}
    out += _yardstick_rows(result)
    clean = result.get("clean")
    if clean:
        out.append(("1. clean build vs WeasyPrint alone", f"{clean['median_s']:.2f} s",
                    f"{clean['reference_s']:.2f} s", f"{clean['ratio']:.2f}" + _cpu(clean),
                    f"<= {clean['target']}  {_yes(clean['holds'])}"))
    noop = result.get("noop")
    if noop:
        out.append(("2. no-op doit vs one-task dodo", f"{noop['median_s']:.3f} s",
                    f"{noop['reference_s']:.3f} s", f"{noop['ratio']:.2f}",
                    f"<= {noop['target']}  {_yes(noop['holds'])}"))
    edit = result.get("edit")
    if edit:
        out.append(("3. one summary edited vs WeasyPrint", f"{edit['median_s']:.2f} s",
                    f"{edit['reference_s']:.2f} s", f"{edit['ratio']:.2f}" + _cpu(edit),
                    f"<= {edit['target']}  {_yes(edit['holds'])}"))
        out.append(("   reran the expected tasks (below)", "", "", "",
                    f"as expected  {_yes(edit['as_expected'])}"))
    for scale in result.get("scale", []):
        n = len(scale["build_s"])
        out.append((f"4. {scale['factor']}x content ({scale['events']} events)",
                    f"{scale['median_s']:.1f} s" + ("" if n == result["runs"] else
                                                    f" ({n} run{'s' if n > 1 else ''})"),
                    f"{scale['pages']['a4']}+{scale['pages']['letter']} pages",
                    f"{scale['pages_per_s']:.1f} p/s", f"peak {scale['peak_mib']:.0f} MiB"))
    grow = result.get("growth")
    if grow:
        out.append((f"   CPU time growth / page growth {grow['from']}x->{grow['to']}x",
                    f"x{grow['cpu_growth']:.2f}", f"x{grow['page_growth']:.2f} pages",
                    f"{grow['ratio']:.2f}", f"<= {grow['target']}  {_yes(grow['holds'])}"))
        out.append(("   (wall-clock time growth / page growth)", f"x{grow['time_growth']:.2f}",
                    "", f"{grow['wall_ratio']:.2f}", ""))
    memory = result.get("memory")
    if memory:
        out.append((f"   MiB per page (largest process) {memory['from']}x->{memory['to']}x",
                    f"{memory['high']:.2f} MiB", f"{memory['low']:.2f} MiB", f"{memory['ratio']:.2f}",
                    f"<= {memory['target']}  {_yes(memory['holds'])}"))
    validate = result.get("validate")
    if validate:
        out.append((f"5. validate alone at {validate['factor']}x vs its clean build",
                    f"{validate['median_s']:.2f} s", f"{validate['clean_build_s']:.1f} s",
                    f"{validate['ratio']:.3f}", f"< {validate['target']}  "
                    f"{_yes(validate['holds'])}"))
    return out


def _yardstick_rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    """The measures against the yardstick (edition 1.0 rendered by plain WeasyPrint)."""
    names = {"edit": "Y1. summary edited, doit (both PDFs) vs yardstick",
             "clean": "Y2. clean build vs yardstick",
             "html": "Y3. summary edited, doit html vs yardstick"}
    out = []
    for key, name in names.items():
        measure = (result.get(key) or {}).get("yardstick")
        if measure:
            out.append((name, f"{measure['median_s']:.2f} s", f"{measure['reference_s']:.2f} s",
                        f"{measure['ratio']:.2f}", f"<= {measure['target']}  {_yes(measure['holds'])}"))
    return out


def table(result: dict) -> str:
    header = ("measure", "measured", "against", "ratio", "target")
    body = rows(result)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = result["machine"]
    tasks = result.get("clean", {}).get("tasks")
    if tasks:
        groups: dict[str, float] = {}
        for name, seconds in tasks.items():
            groups[name.split(":")[0]] = groups.get(name.split(":")[0], 0) + seconds
        lines += ["", "clean build by task (last run): " + ", ".join(
            f"{name} {seconds:.2f} s" for name, seconds in groups.items())]
    weasy = result.get("clean", {}).get("weasyprint")
    if weasy:
        lines.append("WeasyPrint alone (last run): import {:.2f} s; ".format(weasy["import_s"])
                     + "; ".join(f"{ed}: {e['pages']} pages, layout {e['render_s']:.2f} s, "
                                 f"PDF {e['write_s']:.2f} s"
                                 for ed, e in weasy["editions"].items()))
    if "reran" in result.get("edit", {}):
        lines += ["", f"tasks that reran: {', '.join(result['edit']['reran'])}"]
    lines += ["", f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
              f"Python {m['python']}, WeasyPrint {m['weasyprint']}, doit {m['doit']}; "
              f"load average at start {m['load_average'][0]:.2f}",
              f"engine: commit {result.get('engine', {}).get('commit', '?')[:10]} with "
              f"{len(result.get('engine', {}).get('changed', []))} changed files, copied at the start",
              f"content: {result['content']}; each figure the median of {result['runs']} "
              f"run(s); took {result['elapsed_s'] / 60:.1f} min"]
    return "\n".join(lines)
