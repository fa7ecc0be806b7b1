"""The offers and their answers per year, stacked by domain (colour and hatch).

Which kinds count, and the domains' order and words, come from the briefing's vocabulary:
the kinds with the role "offers" or "answers" (e.g. offers, proposals and responses).
"""

from __future__ import annotations


def select(content) -> dict:
    words = content.vocabulary
    counted = [k for k in words.kinds if {"offers", "answers"} & set(k.roles)]
    counts: dict[str, dict[str, int]] = {}
    kinds = dict.fromkeys((k.id for k in counted), 0)
    for event in content.events:
        if event.kind in kinds:
            year = counts.setdefault(str(event.when.year), {})
            year[event.domain] = year.get(event.domain, 0) + 1
            kinds[event.kind] += 1
    return {
        "counts": {year: dict(sorted(by_domain.items())) for year, by_domain in sorted(counts.items())},
        "kinds": kinds,
        "words": {"domains": [[d.id, d.label] for d in words.domains],
                  "kinds": [[k.id, k.label, k.plural] for k in counted]},
        "source_line": f"Ledger of {len(content.events)} events from {len(content.sources)} sources",
    }


def draw(data: dict, style):
    counts = {int(year): by_domain for year, by_domain in data["counts"].items()}
    if not counts:
        none = f"No {style.terms(data['words']['kinds'], 'or')} in the ledger"
        return style.empty(none), _caption(data, style), none + "."
    fig = style.figure(2.5)
    ax = fig.add_subplot()
    years = list(range(min(counts), max(counts) + 1))
    labels = dict(data["words"]["domains"])
    domains = [d for d in labels if any(d in c for c in counts.values())]
    bottom = [0] * len(years)
    for i, domain in enumerate(domains):
        heights = [counts.get(y, {}).get(domain, 0) for y in years]
        style.bars(ax, years, heights, bottom, thickness=0.75, color=style.palette[i],
                   hatch=style.hatches[i], label=labels[domain])
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for year, total in zip(years, bottom, strict=True):
        if total:
            ax.text(year, total + 0.1, str(total), ha="center", va="bottom", fontsize=style.small)
    ax.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    _year_ticks(ax.xaxis)
    style.integers(ax.yaxis)
    ax.set_ylim(0, max(bottom) * 1.12 + 0.5)
    ax.grid(axis="y", **style.grid)
    ax.set_axisbelow(True)
    ax.set_ylabel(style.upper_first(style.terms(data["words"]["kinds"])))
    fig.legend(loc="outside upper center", ncols=len(domains), frameon=False,
               handlelength=2.2, handleheight=1.1, columnspacing=1.4)
    return fig, _caption(data, style), _alt(data, counts, years, labels, domains, style)


def _year_ticks(axis) -> None:
    """A labelled tick every five years, a small one every year."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    axis.set_major_locator(MultipleLocator(5))
    axis.set_minor_locator(MultipleLocator(1))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))


def _caption(data: dict, style) -> str:
    return f"{style.upper_first(style.terms(data['words']['kinds']))} per year, stacked by domain"


def _alt(data, counts, years, labels, domains, style) -> str:
    totals = {y: sum(counts.get(y, {}).values()) for y in years}
    total = sum(totals.values())
    words = {k: (label, plural) for k, label, plural in data["words"]["kinds"]}
    kinds = style.series([style.count(n, *words[k]) for k, n in data["kinds"].items() if n])
    busiest = sorted((y for y in years if totals[y]), key=lambda y: (-totals[y], y))[:3]
    by_domain = {d: sum(c.get(d, 0) for c in counts.values()) for d in domains}
    ranked = sorted(domains, key=lambda d: -by_domain[d])
    empty = sum(1 for y in years if not totals[y])
    made = style.count(total, style.terms(data["words"]["kinds"], "or", plural=False),
                       style.terms(data["words"]["kinds"]))
    return (f"Bar chart of {made} ({kinds}) per year from {years[0]} to {years[-1]}, stacked by domain: "
            + style.series([f"{labels[d]} {by_domain[d]}" for d in ranked]) + ". "
            + "Most in " + style.series([f"{y} ({totals[y]})" for y in busiest]) + ". "
            + f"{empty} of the {len(years)} years have none.")
