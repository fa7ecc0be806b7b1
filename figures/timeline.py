"""Timeline of the whole period: one lane per domain, shape by kind, colour and fill by outcome.

The axis counts in the period that suits the span (``briefing.charts.Periods``: weeks for a
few months, months for a year or two, years, decades). Events close in time stack upwards
in their lane, so that every event stays visible. On an axis of years or decades, a long
stretch with no event at all is cut out (marked with a break). The turning points labelled
above the lanes are the events the editor gave a ``label`` (at most ``MAX_LABELS``, those
with the most other events around them); when none has one, they are chosen from the data:
the events of the kinds with the role "turning-points" (e.g. context events and
agreements) with the most other events within a period either side, at least
``LABEL_SPACING`` periods apart.

The lanes, shapes and outcomes, their order and their words come from the briefing's
vocabulary: a kind's shape and an outcome's colour and fill follow its place there (the
default outcome, "the sources do not say", is hollow).
"""

from __future__ import annotations

import bisect
import itertools

#: the outcomes in vocabulary order -> (palette index, marker fill), the default outcome
#: left out: the fill tells outcomes apart in greyscale too.
OUTCOME_MARKS = [(2, "full"), (7, "full"), (1, "bottom"), (3, "left"), (4, "top"),
                 (5, "right"), (0, "full"), (6, "bottom")]
DEFAULT_MARK = (None, "none")
N_LABELS = 5
LABEL_SPACING = 3  # periods between two labelled turning points, at least
GAP_YEARS = 6  # a run of this many empty years (or 5 decades) or more is cut out of the axis
BREAK = 1.5  # the width, in years (or decades), that a cut-out run takes on the axis
MARK = 6.0  # marker size, pt
PITCH = 7.2 / 72  # inches from one stacked mark to the next
MAX_LEVELS = 7  # marks stacked in a lane before a stack widens
MAX_SHIFTS = 2  # how far (in marks, either side) a stack may widen
MAX_LABELS = 12  # editor's labels shown at most (every left/right layout of them is tried)
LABEL_ROW = 0.15  # inches: the height of a row of labels
FLAG_PAD = 0.03  # inches between a leader line and its label
FLAG_GAP = 0.06  # inches kept clear between labels on a row, and between a label and a line
LEGEND_GAP = 0.08  # inches between the legend of kinds and that of outcomes
MAX_PLOT = 4.5  # inches: the lanes and labels never take more


def select(content) -> dict:
    """Each event as its date, with its lane, shape and mark; the vocabulary's words; the
    turning points to label."""
    from briefing.charts import Periods

    events, words, labels = content.events, content.vocabulary, content.document.labels
    kinds = {k.id: k for k in words.kinds}
    periods = Periods.fit([e.date for e in events]) if events else None
    return {
        "events": [{"date": e.date, "domain": e.domain, "kind": e.kind,
                    "outcome": e.outcome.status} for e in events],
        "words": {"domains": [[d.id, d.label] for d in words.domains],
                  "kinds": [[k.id, k.label, k.plural] for k in words.kinds],
                  "outcomes": [[o.id, o.label, "default" in o.roles] for o in words.outcomes],
                  "turning": [[k.id, k.label, k.plural] for k in words.kinds
                              if "turning-points" in k.roles],
                  "domain": labels.domain, "kind_legend": labels.kind_legend,
                  "outcome_legend": labels.outcome_legend},
        "turning_points": _turning_points(events, kinds, periods),
        "labels_by_editor": any(e.label for e in events),
        "source_line": f"Ledger of {len(events)} events from {len(content.sources)} sources",
    }


def _turning_points(events: list, kinds: dict, periods) -> list[dict]:
    """The events to label: index into ``events`` and the label, "year label" for those the
    editor labelled, otherwise "year who (kind)" for those the rule picks (the date in the
    axis's period: "1999", "Mar 2021", "3 Mar")."""
    if not events:
        return []
    from briefing.charts import UNIT_DAYS, Style

    days = [Style.day(e.date) for e in events]
    period = UNIT_DAYS[periods.unit]

    def score(i: int) -> tuple:
        near = sum(abs(d - days[i]) <= period for d in days) - 1
        parties = len(events[i].actors.from_) + len(events[i].actors.to)
        return (near, parties, events[i].date)

    labelled = [i for i, e in enumerate(events) if e.label]
    if labelled:
        chosen = sorted(sorted(labelled, key=score, reverse=True)[:MAX_LABELS])
        return [{"index": i, "label": f"{_when(events[i], periods)} {events[i].label}"}
                for i in chosen]

    candidates = sorted((i for i, e in enumerate(events)
                         if "turning-points" in kinds[e.kind].roles), key=score, reverse=True)
    chosen: list[int] = []
    for i in candidates:
        if len(chosen) < N_LABELS and all(abs(days[i] - days[j]) >= LABEL_SPACING * period
                                          for j in chosen):
            chosen.append(i)
    return [{"index": i, "label": _label(events[i], kinds, periods)} for i in sorted(chosen)]


def _label(event, kinds: dict, periods) -> str:
    """The date with the marks of its basis, as the chronology prints them; who; the kind."""
    names = [a.name for a in event.actors.from_]
    who = ", ".join(names[:2]) + (" et al." if len(names) > 2 else "")
    from briefing.words import aside

    return f"{_when(event, periods)} {aside(who, kinds[event.kind].label)}"


def _when(event, periods) -> str:
    """The event's date as precise as the axis counts, with the marks of its basis: "c. 2011†"
    on an axis of years, "Mar 2021" on one of months, "3 Mar" on one of weeks or days."""
    import calendar

    when = event.when
    if periods.unit in ("year", "decade") or when.month is None:
        return when.year_marked
    month = calendar.month_abbr[when.month]
    if periods.unit == "month" or when.day is None:
        return when.marked(f"{month} {when.year}")
    return when.marked(f"{when.day} {month}")


def draw(data: dict, style):
    events = data["events"]
    if not events:
        return style.empty("No events in the ledger"), _caption(data, style), "No events in the ledger."
    scale = _Axis([e["date"] for e in events], style)
    xs = [scale(style.day(e["date"])) for e in events]
    labels = dict(data["words"]["domains"])
    domains = [d for d in labels if any(e["domain"] == d for e in events)]
    plot_width = style.width - 1.2  # inches, about: the lane names take the rest
    mark = (MARK + 1) / 72 * scale.span / plot_width  # a mark's width in years
    xs, ys, ticks, top = _lanes(events, xs, domains, mark)

    fig = style.figure(6.0)  # room to lay the legends out; _fit_height sets the height
    grid = fig.add_gridspec(2, 1, height_ratios=[3, 1])
    ax = fig.add_subplot(grid[0])
    _marks(ax, events, xs, ys, data["words"], style)
    sizes = {d: sum(e["domain"] == d for e in events) for d in domains}
    ax.set_yticks([y for y, _ in ticks], [f"{labels[d]} ({sizes[d]})" for _, d in ticks])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for y, _ in ticks[:-1]:  # a line under every lane but the lowest
        ax.axhline(y - 1.0, **style.grid)
    ax.set_xlim(scale.low - mark / 2, scale.high + mark / 2)  # a mark at either end whole
    scale.ticks(ax, style)
    ax.set_xlabel(style.upper_first(scale.periods.unit))

    legend = fig.add_subplot(grid[1])
    legend.axis("off")
    key = _legends(fig, legend, events, data["words"], style)

    flags = _flags(fig, ax, data["turning_points"], xs, style)
    rows = 1 + max((row for _, row in flags), default=-1)
    lanes = top + 1.2  # in stacked marks, with the margins above and below
    pitch = min(PITCH, (MAX_PLOT - rows * LABEL_ROW) / lanes)  # very dense content: marks overlap
    for (text, row), point in zip(flags, data["turning_points"], strict=True):
        _hang(ax, text, top + 1 + row * LABEL_ROW / pitch, xs[point["index"]], ys[point["index"]])
    ax.set_ylim(-0.8, top + 0.4 + rows * LABEL_ROW / pitch)
    _fit_height(fig, ax, legend, lanes * pitch + rows * LABEL_ROW, key, style)
    return fig, _caption(data, style), _alt(data, domains, style)


def _outcome_marks(words: dict) -> dict[str, tuple]:
    """outcome -> (palette index, fill), in vocabulary order: the default one hollow."""
    marks = itertools.cycle(OUTCOME_MARKS)
    return {o: DEFAULT_MARK if default else next(marks) for o, _, default in words["outcomes"]}


def _marks(ax, events, xs, ys, words, style) -> None:
    """One set of marks per kind and outcome (few artists, even for a long ledger)."""
    kinds = [k for k, _, _ in words["kinds"]]
    for kind, (outcome, (colour, fill)) in itertools.product(kinds, _outcome_marks(words).items()):
        group = [i for i, e in enumerate(events) if e["kind"] == kind and e["outcome"] == outcome]
        if group:
            ax.plot([xs[i] for i in group], [ys[i] for i in group], linestyle="none",
                    marker=style.markers[kinds.index(kind) % len(style.markers)], markersize=MARK,
                    fillstyle=fill,
                    markerfacecoloralt="white",
                    color=style.palette[colour] if colour is not None else "white",
                    markeredgecolor="black", markeredgewidth=0.6, zorder=3)


class _Axis:
    """Dates (matplotlib's day numbers) to positions on the x axis: the span whole, or, on an
    axis of years or decades, with long runs of empty periods cut out."""

    def __init__(self, dates: list[str], style):
        self.periods = periods = style.periods.fit(dates)
        unit = style.unit_days[periods.unit]
        long = periods.unit in ("year", "decade")
        gap = max(GAP_YEARS - 0.5, 4.5 * unit / 365.25) * 365.25
        self.cut = BREAK * max(unit, 365.25)  # the width a cut-out run takes, in days
        self.segments = []  # (first day, end day, position of first day)
        for start in sorted({periods.start(d) for d in dates}):
            first, end = style.day_number(start), style.day_number(periods.after(start))
            if self.segments and (not long or first - self.segments[-1][1] < gap):
                self.segments[-1] = (self.segments[-1][0], end, self.segments[-1][2])
                continue
            at = (self.segments[-1][2] + self.segments[-1][1] - self.segments[-1][0] + self.cut
                  if self.segments else first)
            self.segments.append((first, end, at))
        self.low = self.segments[0][2]
        self.high = self.segments[-1][2] + self.segments[-1][1] - self.segments[-1][0]
        self.span = self.high - self.low
        self.count = round(sum(end - first for first, end, _ in self.segments) / unit)

    def __call__(self, day: float) -> float:
        for first, end, at in self.segments:
            if day < end or (first, end, at) == self.segments[-1]:
                return at + day - first
        raise ValueError(day)

    def ticks(self, ax, style) -> None:
        """The period's date locators on the axis; with cuts, theirs within each segment."""
        from matplotlib import dates
        from matplotlib.ticker import FixedLocator

        ax.grid(axis="x", which="major", **style.grid)
        if len(self.segments) == 1:
            self.periods.axis(ax.xaxis, self.count)
            return
        major, minor = self.periods.locators(self.count)
        positions, labels, small = [], [], []
        for first, end, at in self.segments:
            span = (dates.num2date(first), dates.num2date(end))
            ticks = [t for t in major.tick_values(*span) if first <= t <= end] or [first]
            positions += [at + t - first for t in ticks]
            labels += [str(dates.num2date(t).year) for t in ticks]
            small += [at + t - first for t in minor.tick_values(*span) if first <= t <= end]
        ax.set_xticks(positions, labels)
        ax.xaxis.set_minor_locator(FixedLocator(small))
        for first, end, at in self.segments[:-1]:
            self._break(ax, at + end - first, self.cut)

    @staticmethod
    def _break(ax, position: float, width: float) -> None:
        """Mark a cut in the axis: a pale band, and a double slash across the axis line."""
        from matplotlib.transforms import blended_transform_factory

        middle, scale = position + width / 2, width / BREAK  # scale: days in a year of the cut
        ax.axvspan(position + 0.2 * scale, position + width - 0.2 * scale, color="#eeeeee", zorder=0)
        along = blended_transform_factory(ax.transData, ax.transAxes)
        for dx in (-0.25 * scale, 0.25 * scale):
            ax.plot([middle + dx - 0.2 * scale, middle + dx + 0.2 * scale], [-0.03, 0.03], color="black",
                    linewidth=0.7, transform=along, clip_on=False, zorder=4)


def _lanes(events, xs, domains, mark):
    """Place the marks of each lane (lowest lane at the bottom): stacked, never overlapping.

    Returns the x and y of each mark, the y of each lane's baseline and the top of the lanes.
    """
    xs, ys = list(xs), [0.0] * len(events)
    ticks = []
    base = 0.0
    for domain in reversed(domains):
        members = sorted((xs[i], i) for i, e in enumerate(events) if e["domain"] == domain)
        spots = _swarm([x for x, _ in members], mark)
        for (_, i), (x, level) in zip(members, spots, strict=True):
            xs[i], ys[i] = x, base + level
        ticks.append((base, domain))
        base += max(level for _, level in spots) + 2
    return xs, ys, ticks[::-1], base - 2


def _swarm(xs: list[float], width: float) -> list[tuple[float, int]]:
    """A spot (x, level) for each mark (sorted by x), ``width`` apart from the others on its level.

    Marks stack upwards from level 0; a stack taller than ``MAX_LEVELS`` continues beside
    itself, alternately right and left, so that a burst of events on one date stays compact.
    """
    levels: dict[int, list[float]] = {}  # level -> sorted x of the marks on it
    above: dict[float, int] = {}  # very dense content: the next level of a column at x
    shifts = [0] + [s for k in range(1, MAX_SHIFTS + 1) for s in (k, -k)]

    def free(x: float, level: int) -> bool:
        row = levels.get(level, [])
        k = bisect.bisect_left(row, x)
        return (k == len(row) or row[k] - x >= width * 0.999) and (k == 0 or x - row[k - 1] >= width * 0.999)

    spots = []
    for x in xs:
        spot = next(((x + s * width, level) for s in shifts for level in range(MAX_LEVELS)
                     if free(x + s * width, level)), None)
        if spot is None:  # stack higher rather than drift away in time
            spot = (x, above.get(x, MAX_LEVELS))
            above[x] = spot[1] + 1
        bisect.insort(levels.setdefault(spot[1], []), spot[0])
        spots.append(spot)
    return spots


def _flags(fig, ax, points, xs, style) -> list[tuple]:
    """Lay out the turning points' labels as flags on leader lines: (text, row) for each.

    A label starts at its leader line and reads to the right or to the left, whichever
    needs fewer rows; a label that spans another's leader line goes on a higher row, so
    that no line crosses a label and no label overlaps another.
    """
    if not points:
        return []
    anchors = [xs[p["index"]] for p in points]
    texts = [ax.text(x, 0, p["label"], fontsize=style.small, ha="left", va="bottom", zorder=5)
             for x, p in zip(anchors, points, strict=True)]
    fig.draw_without_rendering()
    left, _, right, _ = style.inches(fig, ax)
    lines, flags = [], []  # for each label: its line, and its spans pointing right and left
    for text in texts:
        x0, _, x1, _ = style.inches(fig, text)
        options = [("left", (x0 + FLAG_PAD, x1 + FLAG_PAD)),
                   ("right", (2 * x0 - x1 - FLAG_PAD, x0 - FLAG_PAD))]
        flags.append([o for o in options if o[1][0] >= left - 0.05 and o[1][1] <= right + 0.05]
                     or options[:1])
        lines.append(x0)
    best = None
    for choice in itertools.product(*flags):
        spans = [span for _, span in choice]
        below = _spanned(spans, lines)
        rows = _flag_rows(spans, below)
        crossings = sum(rows[j] >= rows[i] for i, lines_under in enumerate(below) for j in lines_under)
        key = (crossings, max(rows), sum(ha == "right" for ha, _ in choice))
        if best is None or key < best[0]:
            best = (key, choice, rows)
    _, choice, rows = best
    for text, (ha, _), anchor in zip(texts, choice, anchors, strict=True):
        text.set(horizontalalignment=ha, x=anchor + (1 if ha == "left" else -1) * _pad(ax, fig, FLAG_PAD))
    return list(zip(texts, rows, strict=True))


def _hang(ax, text, y: float, x: float, mark_y: float) -> None:
    """Put a label at height ``y`` on a leader line from its mark, which gets a ring."""
    text.set_y(y)
    ax.plot([x, x], [mark_y + 0.45, y + 0.9], color="#666666", linewidth=0.5, zorder=1)
    ax.plot(x, mark_y, linestyle="none", marker="o", markersize=MARK + 4.5, fillstyle="none",
            markeredgecolor="#666666", markeredgewidth=0.6, zorder=2)


def _pad(ax, fig, inches: float) -> float:
    """A distance in inches as a distance along the x axis."""
    x0, x1 = ax.get_xlim()
    return inches * (x1 - x0) / (ax.get_window_extent().width / fig.dpi)


def _spanned(spans: list[tuple[float, float]], lines: list[float]) -> list[set[int]]:
    """For each label, the other labels' leader lines (at ``lines``) that its span covers."""
    return [{j for j, x in enumerate(lines) if j != i and left - FLAG_GAP < x < right + FLAG_GAP}
            for i, (left, right) in enumerate(spans)]


def _flag_rows(spans: list[tuple[float, float]], below: list[set[int]]) -> list[int]:
    """Rows for labels ``spans``: no label overlaps another on its row, and a label lies above
    every leader line it spans (``below``), except where the labels' spans form a cycle."""
    gap = FLAG_GAP
    rows: list[int | None] = [None] * len(spans)
    while None in rows:
        ready = [i for i, r in enumerate(rows) if r is None and all(rows[j] is not None for j in below[i])]
        i = ready[0] if ready else rows.index(None)  # a cycle, e.g. two labels facing each other
        row = 1 + max((rows[j] for j in below[i] if rows[j] is not None), default=-1)
        while any(rows[j] == row and spans[j][0] - gap < spans[i][1] and spans[i][0] < spans[j][1] + gap
                  for j in range(len(spans))):
            row += 1
        rows[i] = row
    return rows


def _legends(fig, ax, events, words, style) -> float:
    """The legends of kinds (shapes) and of outcomes (colour and fill), one above the other in
    ``ax``, each in as many columns as fit; their height in inches."""
    from matplotlib.lines import Line2D

    common = {"linestyle": "none", "markersize": MARK, "markeredgecolor": "black",
              "markeredgewidth": 0.6}
    shapes = [Line2D([], [], marker=style.markers[i % len(style.markers)], color="white",
                     label=style.wrap(label, style.LEGEND_WRAP), **common)
              for i, (k, label, _) in enumerate(words["kinds"]) if any(e["kind"] == k for e in events)]
    marks = _outcome_marks(words)
    fills = []
    for outcome, label, _ in words["outcomes"]:
        if not any(e["outcome"] == outcome for e in events):
            continue
        colour, fill = marks[outcome]
        fills.append(Line2D([], [], marker="o", fillstyle=fill, markerfacecoloralt="white",
                            color=style.palette[colour] if colour is not None else "white",
                            label=style.wrap(label, style.LEGEND_WRAP), **common))
    options = {"frameon": False, "alignment": "left", "handletextpad": 0.2,
               "columnspacing": 1.1, "borderaxespad": 0, "title_fontproperties": {"weight": "semibold"}}
    first = style.fitted_legend(fig, lambda ncols: ax.legend(
        handles=shapes, title=words["kind_legend"], loc="upper left", ncols=ncols, **options),
        len(shapes))
    ax.add_artist(first)
    second = style.fitted_legend(fig, lambda ncols: ax.legend(
        handles=fills, title=words["outcome_legend"], loc="lower left", ncols=ncols, **options),
        len(fills))
    return sum(style.inches(fig, legend)[3] - style.inches(fig, legend)[1]
               for legend in (first, second)) + LEGEND_GAP


def _fit_height(fig, ax, legend, plot: float, key: float, style) -> None:
    """Size the figure so that the plot is ``plot`` inches high and the legends ``key``."""
    ax.get_gridspec().set_height_ratios([plot, key])
    for _ in range(2):  # the margins (tick labels, axis label) are measured, not guessed
        fig.draw_without_rendering()
        _, bottom, _, top = style.inches(fig, ax)
        _, key_bottom, _, key_top = style.inches(fig, legend)
        margins = fig.get_figheight() - (top - bottom) - (key_top - key_bottom)
        fig.set_figheight(plot + key + margins)


def _caption(data: dict, style) -> str:
    unit = style.periods.fit([e["date"] for e in data["events"]]).unit if data["events"] else "year"
    labelled = ("labelled are the turning points the editors chose" if data.get("labels_by_editor")
                else f"labelled are the {style.terms(data['words']['turning'])} with the most "
                f"other events within a {unit} either side")
    return (f"Events of the ledger over time, one lane per {data['words']['domain']}: the shape "
            f"of a mark gives the kind of event, its colour and fill the outcome; {labelled}")


def _alt(data: dict, domains: list[str], style) -> str:
    events = data["events"]
    scale = _Axis([e["date"] for e in events], style)
    periods = scale.periods
    starts = [periods.start(e["date"]) for e in events]
    busiest = max(sorted(set(starts)), key=starts.count)
    lanes = sorted(domains, key=lambda d: -sum(e["domain"] == d for e in events))
    labels = dict(data["words"]["domains"])
    by_domain = style.series([f"{labels[d]} {sum(e['domain'] == d for e in events)}"
                              for d in lanes])
    named = {o: label for o, label, _ in data["words"]["outcomes"]}
    outcomes = [o for o in sorted(named, key=lambda o: -sum(e["outcome"] == o for e in events))
                if any(e["outcome"] == o for e in events)]
    by_outcome = style.series([f"{named[o]} {sum(e['outcome'] == o for e in events)}"
                               for o in outcomes])
    text = (f"Timeline of {style.count(len(events), 'event')} {periods.span()}, "
            f"by {data['words']['domain']}: {by_domain}. Outcomes: {by_outcome}.")
    if len(set(starts)) > 1:
        text += (f" The busiest {periods.unit} is {periods.name(busiest)}, "
                 f"with {style.count(starts.count(busiest), 'event')}.")
    for a, b in zip(scale.segments, scale.segments[1:], strict=False):
        text += (f" No events from {_year(a[1])} to {_year(b[0]) - 1}; the axis skips those "
                 "years.")
    if data["turning_points"]:
        text += " Labelled turning points: " + "; ".join(
            p["label"] for p in data["turning_points"]) + "."
    return text


def _year(day: float) -> int:
    """The year a day number falls in."""
    from matplotlib.dates import num2date

    return num2date(day).year
