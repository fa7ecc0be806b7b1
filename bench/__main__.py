"""``python -m bench [--quick] [--runs N] [--scales 10,100] [--content DIR] [--keep]``."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import projects, report
from .proc import python, run, use_engine
from .run import REFERENCE, TARGETS, Bench, against_clean, growth, memory_growth

OUTPUT = projects.REPO / "build" / "bench.json"
FALLBACK = projects.REPO / "tests" / "roots" / "test-basic" / "content"


def choose_content(requested: str | None) -> Path:
    """The repository's content/ once it validates; until then the test-basic root."""
    if requested:
        return Path(requested).resolve()
    check = run(python("-m", "briefing.validate", str(projects.REPO)), projects.REPO)
    if check.returncode == 0:
        return projects.REPO / "content"
    print("content/ does not validate yet; benchmarking tests/roots/test-basic instead:\n"
          + check.stdout.strip()[-1000:], flush=True)
    return FALLBACK


def measure(bench: Bench) -> dict:
    result: dict = {}
    project = projects.make_project(bench.workdir / "project", bench.content, bench.engine)
    bench.say(f"1. clean build against WeasyPrint alone ({bench.runs} runs)")
    _attempt(bench, result, "clean", lambda: bench.clean(project))
    bench.say("2. no-op doit against doit on a one-task dodo file")
    _attempt(bench, result, "noop", lambda: bench.noop(project))
    bench.say("3. one event's summary edited, then doit")
    _attempt(bench, result, "edit", lambda: bench.edit(project))
    bench.say("3b. one event's summary edited, then doit html (what a preview waits for)")
    _attempt(bench, result, "html", lambda: bench.edit_html(project))
    scales = bench.scaled_once()
    if not scales:
        return result
    measured = [s for s in scales if "error" not in s]
    largest = scales[-1]
    validate_s = None
    if measured and measured[-1] is largest:
        bench.say(f"5. validate alone at {largest['factor']} times")
        validate_s = _attempt(bench, result, "validate",
                              lambda: bench.validate_alone(largest["project"]))
    bench.scaled_again(measured)
    for scale in scales:
        del scale["project"]
    result["scale"] = scales
    if len(measured) > 1:
        result["growth"] = growth(measured[-2], measured[-1])
    if len(measured) > 1:
        result["memory"] = memory_growth(measured[-2], measured[-1])
    if validate_s:
        result["validate"] = against_clean(validate_s, largest)
    return result


def _attempt(bench: Bench, result: dict, key: str, step):
    """Run one part; a build that fails (the tree is shared and changing) does not stop the rest."""
    try:
        value = step()
    except RuntimeError as exc:
        bench.say(f"{key}: {str(exc).splitlines()[0]} (details in the JSON report)")
        result[key] = {"error": str(exc)[-4000:]}
        return None
    result[key] = value
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each, not three")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--scales", default="10,100",
                        help="factors of synthetic content, comma-separated ('' for none)")
    parser.add_argument("--content", help="a content/ tree other than the repository's")
    parser.add_argument("--output", default=str(OUTPUT), help="where the JSON report goes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--reference", default=str(REFERENCE),
                        help="the yardstick script (default: ../shared/bench/reference_render.py)")
    parser.add_argument("--budget", type=float, default=25,
                        help="minutes: repeated scaled builds are skipped past this")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    scales = tuple(int(s) for s in args.scales.split(",") if s.strip())

    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    content = choose_content(args.content)
    engine, snapshot = projects.snapshot(workdir / "snapshot", content)
    use_engine(engine)
    bench = Bench(workdir, snapshot, runs, scales, args.budget * 60, engine,
                  Path(args.reference).resolve())
    info = report.machine()
    bench.say(f"benchmark in {workdir} on {info['cpu']} ({info['cores']} cores), "
              f"content {content}")
    try:
        result = {"machine": info, "engine": report.engine_state(projects.REPO),
                  "runs": runs, "content": _shown(content),
                  "reference": str(bench.reference) if bench.reference.exists() else None,
                  "targets": TARGETS, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  **measure(bench)}
    finally:
        use_engine(None)
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    result["elapsed_s"] = time.perf_counter() - bench.started
    result["machine"]["load_average_end"] = list(os.getloadavg())
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print()
    print(report.table(result))
    print(f"\nwritten: {output}")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.relative_to(projects.REPO).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
