"""Timeline of the whole period: one lane per domain, shape by kind, colour by outcome."""

from __future__ import annotations

DOMAINS = ["missile-defence", "space", "planetary-defence", "arctic", "general-security"]
KINDS = ["offer", "proposal", "response", "statement", "agreement", "context", "assessment"]
OUTCOMES = ["accepted", "rejected", "not-pursued", "superseded", "ongoing", "unknown"]


def select(content: dict) -> dict:
    n_events, n_sources = len(content["events"]), len(content["sources"])
    return {
        "events": [
            {"id": e["id"], "date": e["date"], "domain": e["domain"], "kind": e["kind"],
             "outcome": e["outcome"]["status"]}
            for e in content["events"]
        ],
        "source_line": f"Ledger of {n_events} events from {n_sources} sources",
    }


def draw(data: dict, style):
    events = data["events"]
    domains = [d for d in DOMAINS if any(e["domain"] == d for e in events)]
    fig = style.figure(0.45 * len(domains) + 1.4)
    ax = fig.add_subplot()
    for event in events:
        y = domains.index(event["domain"])
        kind, outcome = KINDS.index(event["kind"]), OUTCOMES.index(event["outcome"])
        ax.scatter(style.year(event["date"]), y, marker=style.markers[kind], s=30,
                   color=style.palette[outcome], edgecolors="black", linewidths=0.4, zorder=3)
    ax.set_yticks(range(len(domains)), [d.replace("-", " ") for d in domains])
    ax.set_ylim(-0.7, len(domains) - 0.3)
    ax.invert_yaxis()
    ax.grid(axis="x", linewidth=0.3, color="#bbbbbb")
    ax.set_xlabel("Year")
    used_kinds = [k for k in KINDS if any(e["kind"] == k for e in events)]
    used_outcomes = [o for o in OUTCOMES if any(e["outcome"] == o for e in events)]
    handles = [ax.scatter([], [], marker=style.markers[KINDS.index(k)], color="white",
                          edgecolors="black", linewidths=0.6, label=k) for k in used_kinds]
    handles += [ax.scatter([], [], marker="s", color=style.palette[OUTCOMES.index(o)],
                           label=o.replace("-", " ")) for o in used_outcomes]
    fig.legend(handles=handles, loc="outside lower center", ncols=6, frameon=False)
    years = sorted(int(e["date"][:4]) for e in events)
    caption = "Events of the ledger over time, by domain"
    alt = (f"Timeline of {len(events)} events from {years[0]} to {years[-1]}. "
           + " ".join(f"{d.replace('-', ' ').capitalize()}: "
                      f"{sum(e['domain'] == d for e in events)} events."
                      for d in domains))
    return fig, caption, alt
