"""Who made the offers: the offers and their answers per actor, most frequent first.

An actor is a ``from`` actor of an event, named with every role they held in those events
(in the order the ledger first shows them), so that one person with two posts is one bar.
The kinds counted, and their words, come from the briefing's vocabulary: those with the
role "offers" or "answers".
"""

from __future__ import annotations

MAX_BARS = 20  # the rest are summed into one bar
WRAP = 58  # characters per line of an actor's label
LINE = 0.125  # inches per line of label text
BAR = 0.09  # inches between bars, besides the label text


def select(content) -> dict:
    counted = [k for k in content.vocabulary.kinds if {"offers", "answers"} & set(k.roles)]
    kinds = [k.id for k in counted]
    actors: dict[str, dict] = {}
    for event in content.events:
        if event.kind not in kinds:
            continue
        for actor in {a.name: a for a in event.actors.from_}.values():
            entry = actors.setdefault(actor.name, {
                "name": actor.name, "roles": [], "side": actor.side,
                "kinds": dict.fromkeys(kinds, 0)})
            if actor.role and actor.role not in entry["roles"]:
                entry["roles"].append(actor.role)
            entry["kinds"][event.kind] += 1
    ranked = sorted(actors.values(), key=lambda a: (-sum(a["kinds"].values()), a["name"]))
    return {
        "actors": ranked,
        "events": sum(e.kind in kinds for e in content.events),
        "kinds": [[k.id, k.label, k.plural] for k in counted],
        "source_line": f"Ledger of {len(content.events)} events from {len(content.sources)} sources",
    }


def draw(data: dict, style):
    actors = data["actors"][:MAX_BARS]
    rest = data["actors"][MAX_BARS:]
    labels = [style.wrap(_name(a, style), WRAP) for a in actors]
    rows = [dict(a["kinds"]) for a in actors]
    kinds = [k for k, _, _ in data["kinds"]]
    if rest:
        labels.append(f"{style.count(len(rest), 'other actor')}")
        rows.append({k: sum(a["kinds"][k] for a in rest) for k in kinds})
    if not actors:
        none = f"No {style.terms(data['kinds'], 'or')} in the ledger"
        return style.empty(none), _caption(data, style), none + "."
    heights = [LINE * (label.count("\n") + 1) + BAR for label in labels]
    fig = style.figure(sum(heights) + 0.75)
    ax = fig.add_subplot()
    centres = [sum(heights[:i]) + heights[i] / 2 for i in range(len(heights))]
    left = [0] * len(rows)
    for i, (kind, label, _) in enumerate(data["kinds"]):
        widths = [row[kind] for row in rows]
        style.bars(ax, centres, widths, left, thickness=min(heights) * 0.7, horizontal=True,
                   **style.fill(i),
                   label=style.wrap(label, style.LEGEND_WRAP))
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
    ax.set_xlabel(style.wrap(style.upper_first(style.terms(data["kinds"])) + " made", 100))
    style.fitted_legend(fig, lambda ncols: fig.legend(
        loc="outside upper center", ncols=ncols, frameon=False, handlelength=2.2,
        handleheight=1.1, columnspacing=1.4), len(kinds))
    return fig, _caption(data, style), _alt(data, style)


def _name(actor: dict, style) -> str:
    """The actor with the roles held: "Name (role; other role)", one parenthesis only."""
    return style.aside(actor["name"], "; ".join(actor["roles"]))


def _caption(data: dict, style) -> str:
    offers = data["kinds"][0][2] if data["kinds"] else "events"
    return (f"Who made the {offers}: {style.terms(data['kinds'])} per actor, with the roles "
            "the actor held at the time")


def _alt(data: dict, style) -> str:
    actors = data["actors"]
    total = {a["name"]: sum(a["kinds"].values()) for a in actors}
    top = style.series([f"{_name(a, style)} {total[a['name']]}" for a in actors[:5]])
    sides: dict[str, int] = {}
    for actor in actors:
        sides[actor["side"]] = sides.get(actor["side"], 0) + total[actor["name"]]
    by_side = style.series([f"{side} {n}" for side, n in sorted(sides.items(), key=lambda s: (-s[1], s[0]))])
    made = style.count(data["events"], style.terms(data["kinds"], "or", plural=False),
                        style.terms(data["kinds"]))
    return (f"Horizontal bar chart of who made the {made} of the ledger: "
            f"{style.count(len(actors), 'actor')}, most frequent first (an event made jointly "
            f"counts for each actor). Most frequent: {top}. By the side they acted for: {by_side}.")
