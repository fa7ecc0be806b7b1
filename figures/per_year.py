"""The offers and their answers per period, stacked by domain (colour and hatch).

The period follows the ledger: weeks for a span of a few months, months for a year or two,
years for decades, decades for centuries (``briefing.charts.Periods``), never finer than the
least precise date counted. Which kinds count, and the domains' order and words, come from
the briefing's vocabulary: the kinds with the role "offers" or "answers" (e.g. offers,
proposals and responses).
"""

from __future__ import annotations


def select(content) -> dict:
    """The counts per period (by the day it starts on) and domain: a date that moves within
    its period changes nothing drawn."""
    from briefing.charts import Periods

    words = content.vocabulary
    counted = [k for k in words.kinds if {"offers", "answers"} & set(k.roles)]
    kinds = dict.fromkeys((k.id for k in counted), 0)
    events = [e for e in content.events if e.kind in kinds]
    periods = Periods.fit([e.date for e in events]) if events else None
    counts: dict[str, dict[str, int]] = {}
    for event in events:
        period = counts.setdefault(periods.start(event.date).isoformat(), {})
        period[event.domain] = period.get(event.domain, 0) + 1
        kinds[event.kind] += 1
    return {
        "unit": periods.unit if periods else None,
        "counts": {start: dict(sorted(by_domain.items())) for start, by_domain in sorted(counts.items())},
        "kinds": kinds,
        "words": {"domains": [[d.id, d.label] for d in words.domains],
                  "kinds": [[k.id, k.label, k.plural] for k in counted],
                  "domain": content.document.labels.domain},
        "source_line": f"Ledger of {len(content.events)} events from {len(content.sources)} sources",
    }


def draw(data: dict, style):
    import datetime

    if not data["counts"]:
        none = f"No {style.terms(data['words']['kinds'], 'or')} in the ledger"
        return style.empty(none), _caption(data, style), none + "."
    starts = [datetime.date.fromisoformat(start) for start in data["counts"]]
    periods = style.periods(data["unit"], starts[0], starts[-1])
    bins = periods.bins()
    counts = {start: data["counts"].get(start.isoformat(), {}) for start in bins}
    fig = style.figure(2.5)
    ax = fig.add_subplot()
    xs = [style.day_number(start) for start in bins]
    width = style.unit_days[periods.unit]
    labels = dict(data["words"]["domains"])
    domains = [d for d in labels if any(d in c for c in counts.values())]
    bottom = [0] * len(bins)
    for i, domain in enumerate(domains):
        heights = [counts[start].get(domain, 0) for start in bins]
        style.bars(ax, xs, heights, bottom, thickness=0.75 * width,
                   **style.fill(i), label=style.wrap(
                       labels[domain], style.LEGEND_WRAP))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for x, total in zip(xs, bottom, strict=True):
        if total:
            ax.text(x, total + 0.1, str(total), ha="center", va="bottom", fontsize=style.small)
    ax.set_xlim(xs[0] - 0.7 * width, xs[-1] + 0.7 * width)
    periods.axis(ax.xaxis, len(bins))
    style.integers(ax.yaxis)
    ax.set_ylim(0, max(bottom) * 1.12 + 0.5)
    ax.grid(axis="y", **style.grid)
    ax.set_axisbelow(True)
    ax.set_ylabel(style.axis_label(style.upper_first(style.terms(data["words"]["kinds"])),
                                   "Events counted"))
    style.fitted_legend(fig, lambda ncols: fig.legend(
        loc="outside upper center", ncols=ncols, frameon=False, handlelength=2.2,
        handleheight=1.1, columnspacing=1.4), len(domains))
    return fig, _caption(data, style), _alt(data, counts, periods, labels, domains, style)


def _caption(data: dict, style) -> str:
    return (f"{style.upper_first(style.terms(data['words']['kinds']))} per "
            f"{data['unit'] or 'period'}, stacked by "
            f"{data['words']['domain']}")


def _alt(data, counts, periods, labels, domains, style) -> str:
    totals = {start: sum(by_domain.values()) for start, by_domain in counts.items()}
    total = sum(totals.values())
    words = {k: (label, plural) for k, label, plural in data["words"]["kinds"]}
    kinds = style.series([style.count(n, *words[k]) for k, n in data["kinds"].items() if n])
    by_domain = {d: sum(c.get(d, 0) for c in counts.values()) for d in domains}
    ranked = sorted(domains, key=lambda d: -by_domain[d])
    made = style.count(total, style.terms(data["words"]["kinds"], "or", plural=False),
                       style.terms(data["words"]["kinds"]))
    when = periods.span() if len(counts) == 1 else f"per {periods.unit} {periods.span()}"
    text = (f"Bar chart of {made} ({kinds}) {when}, stacked by {data['words']['domain']}: "
            + style.series([f"{labels[d]} {by_domain[d]}" for d in ranked]) + ".")
    if len(counts) == 1:
        return text
    busiest = sorted((s for s in counts if totals[s]), key=lambda s: (-totals[s], s))[:3]
    empty = sum(1 for s in counts if not totals[s])
    text += " Most in " + style.series([f"{periods.name(s)} ({totals[s]})" for s in busiest]) + "."
    if empty:
        return text + (f" {empty} of the {len(counts)} {periods.plural} "
                       f"{style.inflect(empty, 'has', 'have')} none.")
    return text + f" Each of the {len(counts)} {periods.plural} has at least one."
