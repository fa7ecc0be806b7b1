"""Charts: the shared style, and the two steps every chart in ``figures/`` goes through.

A chart module ``figures/<name>.py`` defines

- ``select(content) -> dict``: the part of the content it draws, as plain JSON data;
  ``content`` is the validated content (``briefing.validated.Validated``: ``content.events``,
  ``event.when.year``, ``event.outcome.status``);
- ``draw(data, style) -> (Figure, caption, alt)``: a matplotlib ``Figure`` and its words,
  from that data alone, with the helpers of ``Style``.

``briefing.figdata`` stores the selection as ``build/figures/<name>.data.json``: that file,
not the whole content, is what the chart task depends on, so a chart whose data did not
change is not redrawn. ``write_chart`` draws it to ``<name>.svg`` and writes ``<name>.json``
(caption and alt text) beside it. The words of the data are set first in the quotation
marks, apostrophes and dashes of the document's language (``briefing.typography``), as
the prose is, so that ``draw`` measures and places the text the reader sees.
"""

from __future__ import annotations

import calendar
import datetime
import importlib.util
import io
import json
from types import ModuleType

from . import atomic, datemarks, typography, words
from .paths import Project, font_file

SVG_NS = "http://www.w3.org/2000/svg"
STYLE_VERSION = 1  # bump when the style below changes what charts look like
SERIF = "SourceSerifPro-Regular.otf"
SANS = ("SourceSansPro-Regular.otf", "SourceSansPro-Semibold.otf", "SourceSansPro-It.otf")

#: Okabe-Ito: distinguishable with colour-vision deficiency; shapes carry meaning too.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "p", "h", "<", ">"]
#: Line hatches only: dots and circles ("...", "ooo") are hundreds of little curves in every
#: pattern tile, which a renderer parses and paints again for every use.
HATCHES = ["", "///", "---", "xxx", "\\\\\\", "|||", "+++", "xx--"]
TEXT_WIDTH_IN = 6.3  # the printed text width: charts are drawn at the size they print
MIN_FONT_PT = 7
LANGUAGE = "language"  # the key of a chart's data that figdata sets: the document's language


def module(project: Project, name: str) -> ModuleType:
    path = project.figures / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"briefing_figure_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_chart(project: Project, name: str) -> None:
    data = json.loads((project.build_figures / f"{name}.data.json").read_text(encoding="utf-8"))
    data = typeset(data, data.get(LANGUAGE, "en"))
    setup()
    fig, caption, alt = module(project, name).draw(data, Style)
    atomic.write_bytes(project.build_figures / f"{name}.svg", svg_bytes(fig))
    atomic.write_json(project.build_figures / f"{name}.json",
                      {"caption": caption, "alt": alt, "source_line": data.get("source_line", "")})


def typeset(data, language: str):
    """``data`` (a chart's JSON data) with every text in it typographic, keys too, so that
    an id that is a key in one place and a value in another is still the same id."""
    if isinstance(data, str):
        return typography.typeset(data, language)
    if isinstance(data, list):
        return [typeset(item, language) for item in data]
    if isinstance(data, dict):
        return {key if key == LANGUAGE else typeset(key, language):
                value if key == LANGUAGE else typeset(value, language)
                for key, value in data.items()}
    return data


def svg_bytes(fig) -> bytes:
    """The figure as SVG with no date or tool version in it; the figure is cleared after."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        fig.clear()
    return simplified(buffer.getvalue())


def simplified(svg: bytes) -> bytes:
    """matplotlib's SVG with the same picture in fewer, plainer elements, cheaper to paint.

    - Each element's ``style="fill: #fff; stroke-width: 0.5"`` becomes presentation
      attributes. matplotlib writes every property into a style attribute, which an SVG
      renderer must parse as CSS, element by element (WeasyPrint spent a third of a
      chart's painting on it); attributes are read as they are. A style declaration wins
      over an attribute of the same name, as in CSS, so the picture is the same.
    - A group with nothing but an ``id`` (matplotlib wraps every artist in one: half the
      elements of a chart) gives way to its children: it draws nothing and passes nothing
      on, and no one refers to those ids.
    """
    from xml.etree import ElementTree

    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        for declaration in (style or "").split(";"):
            name, colon, value = declaration.partition(":")
            if colon and name.strip():
                element.set(name.strip(), value.strip())
    _ungroup(root, f"{{{SVG_NS}}}g")
    return b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + ElementTree.tostring(root)


def _ungroup(parent, group: str) -> None:
    """Replace, below ``parent``, each ``group`` element that has only an id by its children."""
    children = []
    for child in parent:
        _ungroup(child, group)
        if child.tag == group and set(child.attrib) <= {"id"} and not (child.text or "").strip():
            children.extend(child)
        else:
            children.append(child)
    parent[:] = children


def setup() -> None:
    """Fonts from the bundled packages and fixed SVG output, for byte-identical charts."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for name in (SERIF, *SANS):
        font_manager.fontManager.addfont(str(font_file(name)))
    matplotlib.rcParams.update({
        "svg.hashsalt": "briefing",
        # text stays text: set in the fonts the PDF embeds (fonts.CHART_FONTS), selectable
        # and searchable, and thousands of glyph paths fewer for the renderer to paint
        "svg.fonttype": "none",
        "text.parse_math": False,  # content is text: a '$' in a name is a dollar sign
        "font.family": "sans-serif",
        "font.sans-serif": ["Source Sans Pro"],
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "xtick.labelsize": 7.5,
        "ytick.labelsize": 7.5,
        "legend.fontsize": 7.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 100,
    })


#: The periods a time axis counts in, finest first; the span each serves at most, in days
#: (a longer span takes the next): days for a month, weeks for some months, months for a
#: year or two, years for decades, decades for centuries.
UNITS = ("day", "week", "month", "year", "decade")
UNIT_SPAN = {"day": 31, "week": 217, "month": 1100, "year": 80 * 365}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25, "decade": 3652.5}
#: a date known to its year (month) is counted in periods no finer than a year (month)
PRECISION_UNIT = {"year": "year", "month": "month", "day": "day"}
#: ticks labelled on a time axis at most; the step between them, in periods, is the first
#: of these that keeps to it
MAX_TICKS = 12
TICK_STEPS = {"day": (1, 2, 7, 14), "week": (1, 2, 4, 8), "month": (1, 2, 3, 6, 12),
              "year": (1, 2, 5, 10, 20, 50), "decade": (1, 2, 5, 10, 20)}


class Periods:
    """The period a chart counts and labels time in (``unit``), from the ``first`` period
    to the ``last`` (the dates they start on), with its bins and their names."""

    def __init__(self, unit: str, first: datetime.date, last: datetime.date):
        self.unit = unit
        self.plural = words.plural(unit)
        self.first, self.last = self.start(first), self.start(last)

    @classmethod
    def fit(cls, dates: list[str]) -> Periods:
        """The period that suits dates (ISO, of any precision): from their span, never finer
        than the least precise: ``Periods.fit(["2021-03-02", "2021-05-30"])`` counts weeks."""
        parsed = [datemarks.PartialDate.parse(d) for d in dates]
        span = (max(p.last_day for p in parsed) - min(p.first_day for p in parsed)).days
        unit = next((u for u in UNITS[:-1] if span <= UNIT_SPAN[u]), UNITS[-1])
        coarsest = max(UNITS.index(PRECISION_UNIT[p.precision]) for p in parsed)
        return cls(UNITS[max(UNITS.index(unit), coarsest)], min(parsed).first_day,
                   max(parsed).first_day)

    def start(self, date) -> datetime.date:
        """The first day of the period a date (a day, ``PartialDate`` or ISO text) falls in."""
        if isinstance(date, str):
            date = datemarks.PartialDate.parse(date)
        day = date if isinstance(date, datetime.date) else date.first_day
        if self.unit == "decade":
            return datetime.date(day.year // 10 * 10, 1, 1)
        if self.unit == "year":
            return datetime.date(day.year, 1, 1)
        if self.unit == "month":
            return datetime.date(day.year, day.month, 1)
        if self.unit == "week":
            return day - datetime.timedelta(days=day.weekday())
        return day

    def after(self, start: datetime.date) -> datetime.date:
        """The first day of the next period."""
        if self.unit in ("day", "week"):
            return start + datetime.timedelta(days=1 if self.unit == "day" else 7)
        if self.unit == "month":
            return datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return datetime.date(start.year + (10 if self.unit == "decade" else 1), 1, 1)

    def bins(self) -> list[datetime.date]:
        """Every period from the first date's to the last's, empty ones too."""
        out = [self.first]
        while out[-1] < self.last:
            out.append(self.after(out[-1]))
        return out

    def name(self, start: datetime.date) -> str:
        """A period in words: "2021", "the 1750s", "March 2021", "the week of 1 March 2021"."""
        if self.unit == "decade":
            return f"the {start.year}s"
        if self.unit == "year":
            return str(start.year)
        if self.unit == "month":
            return f"{calendar.month_name[start.month]} {start.year}"
        day = f"{start.day} {calendar.month_name[start.month]} {start.year}"
        return f"the week of {day}" if self.unit == "week" else day

    def span(self) -> str:
        """From the first period to the last, in words: "from 1993 to 2021", "in 2018"."""
        if self.first == self.last:
            return f"in {self.name(self.first)}"
        return f"from {self.name(self.first)} to {self.name(self.last)}"

    def locators(self, count: int):
        """matplotlib date locators for an axis of ``count`` periods: a labelled tick every
        few periods (no more than ``MAX_TICKS``), a small one every period."""
        from matplotlib import dates

        def locator(step: int):
            if self.unit == "day":  # on the same days of every month, the 1st among them
                return dates.DayLocator(bymonthday=range(1, 32, step))
            if self.unit == "week":
                return dates.WeekdayLocator(byweekday=dates.MO, interval=step)
            if self.unit == "month":  # January among them, where the year is labelled
                return dates.MonthLocator(bymonth=range(1, 13, step))
            return dates.YearLocator(base=step * (10 if self.unit == "decade" else 1))

        steps = TICK_STEPS[self.unit]
        step = next((s for s in steps if count / s <= MAX_TICKS), steps[-1])
        return locator(step), locator(1)

    def axis(self, axis, count: int) -> None:
        """Ticks of periods on a matplotlib date axis, labelled concisely ("Mar", "2021")."""
        from matplotlib import dates

        major, minor = self.locators(count)
        axis.set_major_locator(major)
        axis.set_minor_locator(minor)
        # days as "8 Mar", never a bare "08"; the year once, after the axis ("2021")
        axis.set_major_formatter(dates.ConciseDateFormatter(
            major, formats=["%Y", "%b", "%-d %b", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y", "%-d %b", "%b-%d", "%H:%M", "%H:%M"],
            offset_formats=["", "%Y", "%Y", "%Y-%b-%d", "%Y-%b-%d", "%Y-%b-%d %H:%M"],
            show_offset=self.unit in ("day", "week", "month")))


def day_number(day: datetime.date) -> float:
    """A day as matplotlib's dates count it (days since 1970-01-01)."""
    return float(day.toordinal() - EPOCH)


EPOCH = datetime.date(1970, 1, 1).toordinal()


class Style:
    """What chart modules use to look alike; handed to ``draw``."""

    palette = PALETTE
    markers = MARKERS
    hatches = HATCHES
    width = TEXT_WIDTH_IN
    min_font = MIN_FONT_PT
    small = 7.5  # tick labels, legends, annotations: the smallest text a chart uses
    grid = {"linewidth": 0.4, "color": "#c8c8c8"}

    @staticmethod
    def figure(height: float):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(TEXT_WIDTH_IN, height), layout="constrained")
        FigureCanvasAgg(fig)  # a canvas that can measure text, for charts that place labels
        return fig

    @staticmethod
    def fill(i: int) -> dict:
        """The colour and hatch of the ``i``-th series: past the palette, the hatches shift,
        so that no two series of a chart look alike."""
        return {"color": PALETTE[i % len(PALETTE)],
                "hatch": HATCHES[(i + i // len(PALETTE)) % len(HATCHES)]}

    @staticmethod
    def bars(ax, centres, lengths, starts, *, thickness: float, horizontal: bool = False,
             color: str, hatch: str, label: str):
        """One series of bars, drawn as a single hatched path.

        ``ax.bar`` makes a patch per bar, and an SVG renderer parses the hatch pattern again
        for each; one compound path per series draws the same, with one pattern to parse.
        """
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path

        outlines = []
        for centre, length, start in zip(centres, lengths, starts, strict=True):
            if not length:
                continue
            low, high = centre - thickness / 2, centre + thickness / 2
            corners = ([(start, low), (start + length, low), (start + length, high), (start, high)]
                       if horizontal else
                       [(low, start), (high, start), (high, start + length), (low, start + length)])
            outlines.append(Path([*corners, corners[0]], closed=True))
        if outlines:
            ax.add_patch(PathPatch(Path.make_compound_path(*outlines), facecolor=color,
                                   hatch=hatch or None, edgecolor="black", linewidth=0.5,
                                   label=label))

    @staticmethod
    def empty(message: str):
        """A small figure that says, in words, that there is nothing to draw."""
        fig = Style.figure(0.6)
        fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=9)
        return fig

    periods = Periods
    unit_days = UNIT_DAYS
    LEGEND_WRAP = 36  # characters per line of a legend entry: longer ones wrap, never cut

    @staticmethod
    def day(date: str) -> float:
        """Where a chart plots a date of any precision on a date axis: the middle of its
        year, month or day, in matplotlib's day numbers."""
        parsed = datemarks.PartialDate.parse(date)
        first, last = parsed.first_day, parsed.last_day
        return day_number(first) + ((last - first).days + 1) / 2

    day_number = staticmethod(day_number)

    @staticmethod
    def axis_label(words: str, short: str, room: int = 40) -> str:
        """An axis's label: ``words``, or ``short`` when they would not fit along the axis
        (the caption names what is counted)."""
        return words if len(words) <= room else short

    @staticmethod
    def fitted_legend(fig, make, count: int, width: float | None = None):
        """The legend ``make(ncols)`` in as many columns (``count`` at most) as fit in the
        figure (and in ``width`` inches, if given): many entries take more rows, not more
        room than there is."""
        width = min(width or fig.get_figwidth(), fig.get_figwidth())
        for ncols in range(max(count, 1), 0, -1):
            legend = make(ncols)
            legend.set_in_layout(False)  # one too wide must not squeeze the axes to nothing
            fig.draw_without_rendering()
            left, _, right, _ = Style.inches(fig, legend)
            if (right - left <= width - 0.1 and left >= 0.02
                    and right <= fig.get_figwidth() - 0.02) or ncols == 1:
                legend.set_in_layout(True)
                return legend
            legend.remove()
        raise AssertionError("unreachable")

    @staticmethod
    def year(date: str) -> float:
        """A decimal year for plotting a date of any precision (mid-period when imprecise)."""
        return datemarks.PartialDate.parse(date).decimal_year

    aside = staticmethod(words.aside)  # a name (its role), one parenthesis only
    count = staticmethod(words.count)  # 1 event, 2 events
    inflect = staticmethod(words.inflect)  # is, are
    series = staticmethod(words.series)  # a, b and c
    upper_first = staticmethod(words.upper_first)

    @staticmethod
    def terms(terms: list, conjunction: str = "and", plural: bool = True) -> str:
        """Vocabulary terms ``[id, label, plural]`` as one phrase: ``offers, proposals and
        responses``, or ``offer, proposal or response``; ``events`` when there are none."""
        words = [t[2] if plural else t[1] for t in terms] or ["events" if plural else "event"]
        return Style.series(words, conjunction)

    @staticmethod
    def integers(axis) -> None:
        """Ticks on whole numbers, printed plainly (a year as 2007, never with an offset like +2e3)."""
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))

    @staticmethod
    def inches(fig, artist) -> tuple[float, float, float, float]:
        """An artist's extent on the figure, in inches: (left, bottom, right, top)."""
        box = artist.get_window_extent(fig.canvas.get_renderer())
        return box.x0 / fig.dpi, box.y0 / fig.dpi, box.x1 / fig.dpi, box.y1 / fig.dpi

    @staticmethod
    def wrap(text: str, width: int) -> str:
        import textwrap

        return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text
