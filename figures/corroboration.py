"""Which sources each event cites: sources against the events in date order.

Each column is an event; a mark in a source's row means the event cites that source. The
marks of an event cited to two or more sources are joined by a line: its citations come
from several sources, related statements that need not make the same claim. An event that
rests on a single source has a square mark of its own colour. The title gives how many do.
The ticks mark the first event of each period (``briefing.charts.Periods``: a year, a
month, a week) that has room for its label.
"""

from __future__ import annotations

ROW = 0.24  # inches per source row


def select(content) -> dict:
    """Each event as the period it falls in (by the day the period starts on) and the
    sources it cites."""
    from briefing.charts import Periods

    labels = content.document.labels
    periods = Periods.fit([e.date for e in content.events]) if content.events else None
    return {
        "unit": periods.unit if periods else None,
        "events": [{"period": periods.start(e.date).isoformat(),
                    "sources": sorted({c.source for c in e.citations})} for e in content.events],
        "sources": [{"id": s.id, "short": s.short} for s in content.sources],
        "words": {"one": labels.one_source, "several": labels.several_sources,
                  "joined": labels.joined_marks},
        "source_line": f"Ledger of {len(content.events)} events from {len(content.sources)} sources",
    }


def draw(data: dict, style):
    from matplotlib.collections import LineCollection

    events, sources = data["events"], data["sources"]
    if not events:
        return style.empty("No events in the ledger"), _caption(data), "No events in the ledger."
    attests = {s["id"]: sum(s["id"] in e["sources"] for e in events) for s in sources}
    sources = sorted(sources, key=lambda s: (-attests[s["id"]], s["short"]))
    row = {s["id"]: i for i, s in enumerate(sources)}
    single = sum(len(e["sources"]) == 1 for e in events)

    fig = style.figure(ROW * len(sources) + 1.25)
    ax = fig.add_subplot()
    fig.draw_without_rendering()
    pitch = 72 * (style.inches(fig, ax)[2] - style.inches(fig, ax)[0]) / max(len(events), 1)
    size = max(1.5, min(5.0, pitch * 0.85))  # marker size in pt: as large as the columns allow
    alone = [(x, row[e["sources"][0]]) for x, e in enumerate(events) if len(e["sources"]) == 1]
    joined = [[(x, row[s]) for s in e["sources"]] for x, e in enumerate(events) if len(e["sources"]) > 1]
    ax.plot([x for x, _ in alone], [y for _, y in alone], linestyle="none", marker="s",
            markersize=size * 0.9, color=style.palette[5], markeredgecolor="black",
            markeredgewidth=0.4, zorder=3)
    ax.add_collection(LineCollection([[(x, min(y for _, y in m)), (x, max(y for _, y in m))]
                                      for m in joined for x in [m[0][0]]],
                                     colors="black", linewidths=0.8, zorder=2))
    ax.plot([x for m in joined for x, _ in m], [y for m in joined for _, y in m], linestyle="none",
            marker="o", markersize=size, color=style.palette[0], markeredgecolor="black",
            markeredgewidth=0.4, zorder=3)
    ax.set_yticks(range(len(sources)),
                  [f"{s['short']} · {style.count(attests[s['id']], 'event')}" for s in sources])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(sources) - 0.5, -0.5)
    ax.set_xlim(-0.7, len(events) - 0.3)
    for y in range(len(sources)):
        ax.axhline(y, zorder=0, **style.grid)
    ax.spines["left"].set_visible(False)
    import datetime

    starts = [datetime.date.fromisoformat(e["period"]) for e in events]
    periods = style.periods(data["unit"], min(starts), max(starts))
    _period_ticks(fig, ax, starts, periods.unit, style)
    ax.set_xlabel(f"Events in date order ({periods.unit} of the event)")
    ax.set_title(f"{single} of {style.count(len(events), 'event')} rest on a single source",
                 loc="left", fontweight="semibold")
    _legend(fig, data["words"], style, size)
    return fig, _caption(data), _alt(data, periods, attests, single, style)


def _period_ticks(fig, ax, starts, unit: str, style) -> None:
    """A tick at the first event of a period (``starts``: each event's), for as many periods
    as have room for their label; a label names the year where it changes ("2021", "Mar
    2021", "1 Mar 2021")."""
    firsts = [x for x in range(len(starts)) if x == 0 or starts[x] != starts[x - 1]]

    def labels(xs):
        return [_short(starts[x], unit, i == 0 or starts[x].year != starts[xs[i - 1]].year)
                for i, x in enumerate(xs)]

    ax.set_xticks([x - 0.5 for x in firsts], labels(firsts), ha="left")
    fig.draw_without_rendering()
    kept, kept_right = [], None
    for x, tick in zip(firsts, ax.xaxis.get_major_ticks(), strict=True):
        left, _, right, _ = style.inches(fig, tick.label1)
        if kept_right is None or left >= kept_right + 0.08:
            kept.append(x)
            kept_right = right
    ax.set_xticks([x - 0.5 for x in kept], labels(kept), ha="left")
    ax.tick_params(axis="x", length=4)


def _short(start, unit: str, with_year: bool) -> str:
    """A period's tick label: "2021"; "Mar", or "Mar 2021" where the year changes; "1 Mar"."""
    if unit in ("year", "decade"):
        return str(start.year)
    text = start.strftime("%b") if unit == "month" else f"{start.day} {start.strftime('%b')}"
    return f"{text} {start.year}" if with_year else text


def _legend(fig, words: dict, style, size) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], linestyle="none", marker="s", markersize=size * 0.9, color=style.palette[5],
               markeredgecolor="black", markeredgewidth=0.4,
               label=style.wrap(words["one"], style.LEGEND_WRAP * 2)),
        Line2D([0], [0], marker="o", markersize=size, color="black", linewidth=0.8,
               markerfacecolor=style.palette[0], markeredgecolor="black", markeredgewidth=0.4,
               label=style.wrap(words["several"], style.LEGEND_WRAP * 2)),
    ]
    style.fitted_legend(fig, lambda ncols: fig.legend(
        handles=handles, loc="outside lower center", ncols=ncols, frameon=False), 2)


def _caption(data: dict) -> str:
    return ("Corroboration: which sources each event of the ledger cites, the events in date "
            f"order; {data['words']['joined']}")


def _alt(data: dict, periods, attests: dict, single: int, style) -> str:
    events, sources = data["events"], data["sources"]
    n = len(events)
    if not n:
        return "No events in the ledger."
    shorts = {s["id"]: s["short"] for s in sources}
    alone = {s: sum(e["sources"] == [s] for e in events) for s in shorts}
    ranked = sorted(shorts, key=lambda s: (-attests[s], shorts[s]))
    multi = n - single
    return (f"Dot chart of which of {style.count(len(sources), 'source')} each of "
            f"{style.count(n, 'event')} cites, {periods.span()}. {single} of the {n} events "
            f"({round(100 * single / n)}%) rest on a single source; {multi} "
            f"{style.inflect(multi, 'cites', 'cite')} two or more. Events citing each source "
            f"(of them resting on it alone): "
            + style.series([f"{shorts[s]} {attests[s]} ({alone[s]})" for s in ranked]) + ".")
