"""Who made the offers: offers, proposals and responses per actor, most frequent first.

An actor is a ``from`` actor of an event, named with every role they held in those events
(in the order the ledger first shows them), so that one person with two posts is one bar.
"""

from __future__ import annotations

KINDS = ["offer", "proposal", "response"]
MAX_BARS = 20  # the rest are summed into one bar
WRAP = 58  # characters per line of an actor's label
LINE = 0.125  # inches per line of label text
BAR = 0.09  # inches between bars, besides the label text


def select(content: dict) -> dict:
    actors: dict[str, dict] = {}
    for event in content["events"]:
        if event["kind"] not in KINDS:
            continue
        for actor in {a["name"]: a for a in event["actors"]["from"]}.values():
            entry = actors.setdefault(actor["name"], {
                "name": actor["name"], "roles": [], "side": actor["side"],
                "kinds": dict.fromkeys(KINDS, 0)})
            if actor.get("role") and actor["role"] not in entry["roles"]:
                entry["roles"].append(actor["role"])
            entry["kinds"][event["kind"]] += 1
    ranked = sorted(actors.values(), key=lambda a: (-sum(a["kinds"].values()), a["name"]))
    return {
        "actors": ranked,
        "events": sum(e["kind"] in KINDS for e in content["events"]),
        "source_line": f"Ledger of {len(content['events'])} events from {len(content['sources'])} sources",
    }


def draw(data: dict, style):
    actors = data["actors"][:MAX_BARS]
    rest = data["actors"][MAX_BARS:]
    labels = [style.wrap(_name(a), WRAP) for a in actors]
    rows = [dict(a["kinds"]) for a in actors]
    if rest:
        labels.append(f"{style.count(len(rest), 'other actor')}")
        rows.append({k: sum(a["kinds"][k] for a in rest) for k in KINDS})
    if not actors:
        return (style.empty("No offers, proposals or responses in the ledger"), _caption(),
                "No offers, proposals or responses in the ledger.")
    heights = [LINE * (label.count("\n") + 1) + BAR for label in labels]
    fig = style.figure(sum(heights) + 0.75)
    ax = fig.add_subplot()
    centres = [sum(heights[:i]) + heights[i] / 2 for i in range(len(heights))]
    left = [0] * len(rows)
    for i, kind in enumerate(KINDS):
        widths = [row[kind] for row in rows]
        style.bars(ax, centres, widths, left, thickness=min(heights) * 0.7, horizontal=True,
                   color=style.palette[i], hatch=style.hatches[i], label=kind)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for y, total in zip(centres, left, strict=True):
        ax.text(total + 0.08, y, str(total), va="center", fontsize=style.small)
    ax.set_yticks(centres, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(sum(heights), 0)
    ax.set_xlim(0, max(left) * 1.08 + 0.4)
    style.integers(ax.xaxis)  # counts of events
    ax.grid(axis="x", **style.grid)
    ax.set_axisbelow(True)
    ax.set_xlabel("Offers, proposals and responses made")
    fig.legend(loc="outside upper center", ncols=len(KINDS), frameon=False,
               handlelength=2.2, handleheight=1.1, columnspacing=1.4)
    return fig, _caption(), _alt(data, style)


def _name(actor: dict) -> str:
    return f"{actor['name']} ({'; '.join(actor['roles'])})" if actor["roles"] else actor["name"]


def _caption() -> str:
    return ("Who made the offers: offers, proposals and responses per actor, with the roles "
            "the actor held at the time")


def _alt(data: dict, style) -> str:
    actors = data["actors"]
    total = {a["name"]: sum(a["kinds"].values()) for a in actors}
    top = style.series([f"{_name(a)} {total[a['name']]}" for a in actors[:5]])
    sides: dict[str, int] = {}
    for actor in actors:
        sides[actor["side"]] = sides.get(actor["side"], 0) + total[actor["name"]]
    by_side = style.series([f"{side} {n}" for side, n in sorted(sides.items(), key=lambda s: (-s[1], s[0]))])
    made = style.count(data["events"], "offer, proposal or response", "offers, proposals and responses")
    return (f"Horizontal bar chart of who made the {made} of the ledger: "
            f"{style.count(len(actors), 'actor')}, most frequent first (an event made jointly "
            f"counts for each actor). Most frequent: {top}. By the side they acted for: {by_side}.")
