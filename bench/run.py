"""The measurements, in the order they run, each the median of ``runs`` repetitions.

Timed commands that are compared with each other run interleaved (A, B, A, B, ...), so
that a burst of load from another user of the machine falls on both sides of a ratio.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import projects, synthetic
from .proc import Run, doit, median, python, ran_tasks, run

#: The targets, as ratios: against the yardstick (issue #10), against WeasyPrint alone
#: rendering the same HTML and doit alone (issue #6), and how figures grow with scale.
TARGETS = {
    "clean_vs_reference": 0.7,
    "edit_vs_reference": 0.5,
    "html_vs_reference": 0.1,
    "clean_vs_weasyprint": 1.3,
    "noop_vs_one_task": 2.0,
    "edit_vs_weasyprint": 1.15,
    "growth_vs_pages": 1.1,
    "mib_per_page_growth": 1.1,
    "validate_vs_clean_at_100": 0.1,
}
#: The yardstick: plain WeasyPrint rendering the frozen edition 1.0 (A4), beside the checkout.
REFERENCE = projects.REPO.parent / "shared" / "bench" / "reference_render.py"
EDIT_EXPECTED = {"validate", "html", "standalone", "pdf:a4", "pdf:letter", "export", "evidence"}


@dataclass
class Bench:
    workdir: Path
    content: Path
    runs: int = 3
    scales: tuple[int, ...] = (10, 100)
    budget_s: float = 25 * 60  # the whole benchmark; only repeated scaled builds give way
    engine: Path = projects.REPO  # dodo.py, templates, figures and briefing/ that are measured
    reference: Path | None = REFERENCE  # the yardstick script; None or missing: not measured
    started: float = field(default_factory=time.perf_counter)

    def say(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", flush=True)

    # --- the pieces --------------------------------------------------------------------

    def weasyprint_alone(self, project: Path) -> tuple[Run, dict]:
        result = run(python("-m", "bench.weasy", str(project)), self.engine)
        result.check("WeasyPrint alone")
        return result, json.loads(result.stdout)

    def yardstick(self) -> float | None:
        """The yardstick's own time for its render (imports excluded), or None without it."""
        if self.reference is None or not self.reference.exists():
            return None
        result = run(python(str(self.reference)), self.engine).check("reference render")
        return float(json.loads(result.stdout.strip().splitlines()[-1])["seconds"])

    def clean_build(self, project: Path, *args: str) -> Run:
        projects.empty_build(project)
        return doit(project, *args).check("clean build")

    def clean(self, project: Path) -> dict:
        """Clean builds and WeasyPrint alone, interleaved.

        The first build of a fresh project is slower (bytecode, disk cache): with three runs
        or more the median leaves it out, with fewer a warm-up build goes first. The last
        build uses doit's JSON reporter, which says how long each task took.
        """
        if self.runs < 3:
            self.say("warm-up: one clean build (not counted)")
            self.clean_build(project)
        builds, alone, cpu, details = [], [], {"build": [], "weasyprint": []}, None
        tasks, yardstick = {}, []
        for i in range(self.runs):
            last = i == self.runs - 1
            build = self.clean_build(project, *(["--reporter=json"] if last else []))
            if last:
                tasks = _task_times(build)
            builds.append(build.seconds)
            result, details = self.weasyprint_alone(project)
            alone.append(result.seconds)
            cpu["build"].append(build.cpu_s)
            cpu["weasyprint"].append(result.cpu_s)
            yardstick.append(self.yardstick())
            self.say(f"clean build {i + 1}/{self.runs}: {builds[-1]:.2f} s; "
                     f"WeasyPrint alone {alone[-1]:.2f} s; yardstick {_shown(yardstick[-1])}")
        return _ratio("clean_vs_weasyprint", builds, alone, build_s=builds, weasyprint_s=alone,
                      cpu=_cpu(cpu), weasyprint=details, tasks=tasks,
                      yardstick=_against_yardstick("clean_vs_reference", builds, yardstick))

    def noop(self, project: Path) -> dict:
        """``project`` must be built; the one-task project is made beside it."""
        one = projects.make_one_task_project(self.workdir / "one-task")
        doit(one).check("one-task doit")
        doit(project).check("build before the no-op runs")  # up to date unless a part failed
        ours, theirs, reran = [], [], set()
        for i in range(self.runs):
            result = doit(project).check("no-op build")
            reran.update(ran_tasks(result))
            ours.append(result.seconds)
            theirs.append(doit(one).check("one-task no-op").seconds)
            self.say(f"no-op {i + 1}/{self.runs}: {ours[-1]:.3f} s; one-task dodo "
                     f"{theirs[-1]:.3f} s")
        return _ratio("noop_vs_one_task", ours, theirs, doit_s=ours, one_task_s=theirs,
                      reran=sorted(reran))

    def edit(self, project: Path) -> dict:
        path = projects.first_event_file(project)
        original = path.read_text(encoding="utf-8")
        expected = set(EDIT_EXPECTED)  # and no chart: its data did not change
        builds, alone, reran, cpu = [], [], [], {"build": [], "weasyprint": []}
        yardstick = []
        for i in range(self.runs):
            projects.edit_summary(path, original, f"revised {i + 1}")
            result = doit(project).check("build after an edit")
            builds.append(result.seconds)
            reran.append(sorted(ran_tasks(result)))
            reference = self.weasyprint_alone(project)[0]
            alone.append(reference.seconds)
            cpu["build"].append(result.cpu_s)
            cpu["weasyprint"].append(reference.cpu_s)
            yardstick.append(self.yardstick())
            self.say(f"edit {i + 1}/{self.runs}: {builds[-1]:.2f} s, reran "
                     f"{', '.join(reran[-1])}; WeasyPrint alone {alone[-1]:.2f} s; "
                     f"yardstick {_shown(yardstick[-1])}")
        path.write_text(original, encoding="utf-8")
        return _ratio("edit_vs_weasyprint", builds, alone, build_s=builds, weasyprint_s=alone,
                      cpu=_cpu(cpu),
                      yardstick=_against_yardstick("edit_vs_reference", builds, yardstick),
                      file=str(path.relative_to(project)), reran=reran[-1],
                      expected=sorted(expected),
                      as_expected=all(set(r) == expected for r in reran))

    def edit_html(self, project: Path) -> dict:
        """An edited summary, then ``doit html``: what a preview waits for. The PDFs are
        brought up to date after each run, untimed."""
        path = projects.first_event_file(project)
        original = path.read_text(encoding="utf-8")
        builds, yardstick, reran = [], [], []
        for i in range(self.runs):
            projects.edit_summary(path, original, f"previewed {i + 1}")
            result = doit(project, "html").check("doit html after an edit")
            builds.append(result.seconds)
            reran.append(sorted(ran_tasks(result)))
            yardstick.append(self.yardstick())
            self.say(f"html after an edit {i + 1}/{self.runs}: {builds[-1]:.2f} s, reran "
                     f"{', '.join(reran[-1])}; yardstick {_shown(yardstick[-1])}")
        path.write_text(original, encoding="utf-8")
        doit(project).check("build after the html runs")
        return {"median_s": median(builds), "build_s": builds, "reran": reran[-1],
                "yardstick": _against_yardstick("html_vs_reference", builds, yardstick)}

    def scaled_project(self, factor: int) -> dict:
        content = self.workdir / f"content-x{factor}"
        events = synthetic.scale_content(self.content, content, factor)
        project = projects.make_project(self.workdir / f"project-x{factor}", content, self.engine)
        return {"factor": factor, "events": events, "build_s": [], "cpu_s": [],
                "peak_mib_samples": [],
                "project": project}

    def scaled_build(self, scale: dict) -> None:
        """One more clean build of scaled content; the figures are updated in ``scale``."""
        project = scale["project"]
        result = self.clean_build(project)
        scale["build_s"].append(result.seconds)
        scale["cpu_s"].append(result.cpu_s)
        scale["peak_mib_samples"].append(max(result.peak_mib, result.tree_peak_mib))
        scale.setdefault("largest_process_mib", []).append(result.peak_mib)
        scale.setdefault("tree_sampled_mib", []).append(result.tree_peak_mib)
        pages = self.count_pages(project)
        seconds = median(scale["build_s"])
        total = sum(pages.values())
        scale.update(median_s=seconds, median_cpu_s=median(scale["cpu_s"]), pages=pages,
                     pages_total=total,
                     pages_per_s=total / seconds, peak_mib=max(scale["peak_mib_samples"]),
                     # the largest process renders one edition and holds all its pages
                     mib_per_page=max(scale["largest_process_mib"]) / max(pages.values()))
        self.say(f"{scale['factor']}x ({scale['events']} events) clean build "
                 f"{len(scale['build_s'])}/{self.runs}: {result.seconds:.1f} s, {total} pages, "
                 f"peak {scale['peak_mib_samples'][-1]:.0f} MiB")

    def scaled_once(self) -> list[dict]:
        scales = [self.scaled_project(factor) for factor in self.scales]
        for scale in scales:
            self.say(f"4. synthetic content at {scale['factor']} times the ledger")
            try:
                self.scaled_build(scale)
            except RuntimeError as exc:
                self.say(f"{scale['factor']}x: {str(exc).splitlines()[0]}")
                scale["error"] = str(exc)[-4000:]
        return scales

    def scaled_again(self, scales: list[dict]) -> None:
        """More runs of each scale, smallest first, while the budget allows.

        A run is skipped when the time it took last would carry the benchmark past
        ``budget_s``: the 100x build alone may take ten minutes on a shared machine.
        """
        for _ in range(1, self.runs):
            for scale in scales:
                if self.elapsed() + scale["build_s"][-1] > self.budget_s:
                    scale["skipped_for_budget"] = scale.get("skipped_for_budget", 0) + 1
                    self.say(f"{scale['factor']}x: one more run would pass the budget of "
                             f"{self.budget_s / 60:.0f} min; skipped")
                    continue
                self.say(f"4. synthetic content at {scale['factor']} times, once more")
                try:
                    self.scaled_build(scale)
                except RuntimeError as exc:
                    self.say(f"{scale['factor']}x: {str(exc).splitlines()[0]}")
                    scale.setdefault("errors", []).append(str(exc)[-4000:])

    def count_pages(self, project: Path) -> dict[str, int]:
        editions = {"a4": "briefing.pdf", "letter": "briefing-letter.pdf"}
        result = run(python("-m", "bench.pages", *(str(project / "build" / name)
                                                    for name in editions.values())), self.engine)
        counts = result.check("counting pages").stdout.split()
        return {edition: int(n) for edition, n in zip(editions, counts, strict=True)}

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def validate_alone(self, project: Path) -> list[float]:
        times = []
        for i in range(self.runs):
            result = run(python("-m", "briefing.validate", str(project)), project)
            times.append(result.check("validate").seconds)
            self.say(f"validate alone {i + 1}/{self.runs}: {times[-1]:.2f} s")
        return times


def against_clean(times: list[float], scale: dict) -> dict:
    value = median(times) / scale["median_s"]
    target = TARGETS["validate_vs_clean_at_100"]
    return {"factor": scale["factor"], "validate_s": times, "median_s": median(times),
            "clean_build_s": scale["median_s"], "ratio": value, "target": target,
            "holds": value < target}


def memory_growth(low: dict, high: dict) -> dict:
    """MiB per page of the largest process from one scale to the next: flat is the target."""
    value = high["mib_per_page"] / low["mib_per_page"]
    target = TARGETS["mib_per_page_growth"]
    return {"from": low["factor"], "to": high["factor"], "low": low["mib_per_page"],
            "high": high["mib_per_page"], "ratio": value, "target": target,
            "holds": value <= target}


def growth(low: dict, high: dict) -> dict:
    """How time grows from one scale to the next, against how the page count grows.

    Judged on CPU time: the build is one process, and CPU time is what a burst of other
    work on a shared machine disturbs least; wall-clock growth is reported beside it.
    """
    page_growth = high["pages_total"] / low["pages_total"]
    time_growth = high["median_s"] / low["median_s"]
    cpu_growth = high["median_cpu_s"] / low["median_cpu_s"]
    value = cpu_growth / page_growth
    target = TARGETS["growth_vs_pages"]
    return {"from": low["factor"], "to": high["factor"], "time_growth": time_growth,
            "cpu_growth": cpu_growth, "page_growth": page_growth,
            "wall_ratio": time_growth / page_growth, "ratio": value, "target": target,
            "holds": value <= target}


def _against_yardstick(name: str, ours: list[float], yardstick: list[float | None]) -> dict | None:
    if not yardstick or None in yardstick:
        return None
    value = median(ours) / median(yardstick)
    return {"median_s": median(ours), "reference_s": median(yardstick), "samples": yardstick,
            "ratio": value, "target": TARGETS[name], "holds": value <= TARGETS[name]}


def _shown(seconds: float | None) -> str:
    return "not found" if seconds is None else f"{seconds:.2f} s"


def _task_times(result: Run) -> dict[str, float]:
    """Where a build's time went, task by task, from doit's JSON reporter."""
    report = json.loads(result.stdout)
    return {t["name"]: round(t["elapsed"], 3) for t in report["tasks"]
            if t["result"] == "success" and t["elapsed"] >= 0.001}


def _cpu(samples: dict[str, list[float]]) -> dict:
    """CPU time beside wall-clock time: a check on a ratio that load may have bent."""
    build, reference = median(samples["build"]), median(samples["weasyprint"])
    return {"build_s": build, "weasyprint_s": reference, "ratio": build / reference,
            "samples": samples}


def _ratio(name: str, ours: list[float], reference: list[float], **extra) -> dict:
    value = median(ours) / median(reference)
    return {"median_s": median(ours), "reference_s": median(reference), "ratio": value,
            "target": TARGETS[name], "holds": value <= TARGETS[name], **extra}
