"""Which source attests which event: sources against the events in date order.

Each column is an event; a mark in a source's row means the event cites that source. The
marks of an event attested by two or more sources are joined by a line; an event that rests
on a single source has a square mark of its own colour. The title gives how many do.
"""

from __future__ import annotations

ROW = 0.24  # inches per source row


def select(content) -> dict:
    return {
        "events": [{"year": e.when.year, "sources": sorted({c.source for c in e.citations})}
                   for e in content.events],
        "sources": [{"id": s.id, "short": s.short} for s in content.sources],
        "source_line": f"Ledger of {len(content.events)} events from {len(content.sources)} sources",
    }


def draw(data: dict, style):
    from matplotlib.collections import LineCollection

    events, sources = data["events"], data["sources"]
    if not events:
        return style.empty("No events in the ledger"), _caption(), "No events in the ledger."
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
    _year_ticks(fig, ax, events, style)
    ax.set_xlabel("Events in date order (year of the event)")
    ax.set_title(f"{single} of {style.count(len(events), 'event')} rest on a single source",
                 loc="left", fontweight="semibold")
    _legend(fig, style, size)
    return fig, _caption(), _alt(data, attests, single, style)


def _year_ticks(fig, ax, events, style) -> None:
    """A tick at the first event of a year, for as many years as have room for their label."""
    firsts = [x for x, e in enumerate(events) if x == 0 or e["year"] != events[x - 1]["year"]]
    ax.set_xticks([x - 0.5 for x in firsts], [str(events[x]["year"]) for x in firsts], ha="left")
    fig.draw_without_rendering()
    kept, kept_right = [], None
    for x, tick in zip(firsts, ax.xaxis.get_major_ticks(), strict=True):
        left, _, right, _ = style.inches(fig, tick.label1)
        if kept_right is None or left >= kept_right + 0.08:
            kept.append(x)
            kept_right = right
    ax.set_xticks([x - 0.5 for x in kept], [str(events[x]["year"]) for x in kept], ha="left")
    ax.tick_params(axis="x", length=4)


def _legend(fig, style, size) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], linestyle="none", marker="s", markersize=size * 0.9, color=style.palette[5],
               markeredgecolor="black", markeredgewidth=0.4, label="event attested by one source only"),
        Line2D([0], [0], marker="o", markersize=size, color="black", linewidth=0.8,
               markerfacecolor=style.palette[0], markeredgecolor="black", markeredgewidth=0.4,
               label="event attested by two or more sources (marks joined)"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)


def _caption() -> str:
    return ("Corroboration: which source attests each event of the ledger, the events in date "
            "order; joined marks show an event attested by several sources")


def _alt(data: dict, attests: dict, single: int, style) -> str:
    events, sources = data["events"], data["sources"]
    n = len(events)
    if not n:
        return "No events in the ledger."
    shorts = {s["id"]: s["short"] for s in sources}
    alone = {s: sum(e["sources"] == [s] for e in events) for s in shorts}
    ranked = sorted(shorts, key=lambda s: (-attests[s], shorts[s]))
    multi = n - single
    return (f"Dot chart of which of {style.count(len(sources), 'source')} attests each of "
            f"{style.count(n, 'event')}, from {min(e['year'] for e in events)} to "
            f"{max(e['year'] for e in events)}. {single} of the {n} events "
            f"({round(100 * single / n)}%) rest on a single source; {multi} "
            f"{style.inflect(multi, 'is', 'are')} attested by two or more. Events attested by each source "
            f"(of them resting on it alone): "
            + style.series([f"{shorts[s]} {attests[s]} ({alone[s]})" for s in ranked]) + ".")
