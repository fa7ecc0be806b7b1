"""Offers, proposals and responses per year, stacked by domain (colour and hatch)."""

from __future__ import annotations

DOMAINS = ["missile-defence", "space", "planetary-defence", "arctic", "general-security"]
KINDS = ["offer", "proposal", "response"]


def select(content: dict) -> dict:
    counts: dict[str, dict[str, int]] = {}
    kinds = dict.fromkeys(KINDS, 0)
    for event in content["events"]:
        if event["kind"] in KINDS:
            year = counts.setdefault(event["date"][:4], {})
            year[event["domain"]] = year.get(event["domain"], 0) + 1
            kinds[event["kind"]] += 1
    return {
        "counts": {year: dict(sorted(by_domain.items())) for year, by_domain in sorted(counts.items())},
        "kinds": kinds,
        "source_line": f"Ledger of {len(content['events'])} events from {len(content['sources'])} sources",
    }


def draw(data: dict, style):
    counts = {int(year): by_domain for year, by_domain in data["counts"].items()}
    if not counts:
        return (style.empty("No offers, proposals or responses in the ledger"), _caption(),
                "No offers, proposals or responses in the ledger.")
    fig = style.figure(2.5)
    ax = fig.add_subplot()
    years = list(range(min(counts), max(counts) + 1))
    domains = [d for d in DOMAINS if any(d in c for c in counts.values())]
    bottom = [0] * len(years)
    for i, domain in enumerate(domains):
        heights = [counts.get(y, {}).get(domain, 0) for y in years]
        style.bars(ax, years, heights, bottom, thickness=0.75, color=style.palette[i],
                   hatch=style.hatches[i], label=style.words(domain))
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
    ax.set_ylabel("Offers, proposals and responses")
    fig.legend(loc="outside upper center", ncols=len(domains), frameon=False,
               handlelength=2.2, handleheight=1.1, columnspacing=1.4)
    return fig, _caption(), _alt(data, counts, years, domains, style)


def _year_ticks(axis) -> None:
    """A labelled tick every five years, a small one every year."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    axis.set_major_locator(MultipleLocator(5))
    axis.set_minor_locator(MultipleLocator(1))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))


def _caption() -> str:
    return "Offers, proposals and responses per year, stacked by domain"


def _alt(data, counts, years, domains, style) -> str:
    totals = {y: sum(counts.get(y, {}).values()) for y in years}
    total = sum(totals.values())
    kinds = style.series([style.count(n, k) for k, n in data["kinds"].items() if n])
    busiest = sorted((y for y in years if totals[y]), key=lambda y: (-totals[y], y))[:3]
    by_domain = {d: sum(c.get(d, 0) for c in counts.values()) for d in domains}
    ranked = sorted(domains, key=lambda d: -by_domain[d])
    empty = sum(1 for y in years if not totals[y])
    made = style.count(total, "offer, proposal or response", "offers, proposals and responses")
    return (f"Bar chart of {made} ({kinds}) per year from {years[0]} to {years[-1]}, stacked by domain: "
            + style.series([f"{style.words(d)} {by_domain[d]}" for d in ranked]) + ". "
            + "Most in " + style.series([f"{y} ({totals[y]})" for y in busiest]) + ". "
            + f"{empty} of the {len(years)} years have none.")
