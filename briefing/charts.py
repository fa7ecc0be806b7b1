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
(caption and alt text) beside it.
"""

from __future__ import annotations

import importlib.util
import io
import json
from types import ModuleType

from . import atomic, datemarks, words
from .paths import Project, font_file

SVG_NS = "http://www.w3.org/2000/svg"
STYLE_VERSION = 1  # bump when the style below changes what charts look like
SERIF = "SourceSerifPro-Regular.otf"
SANS = ("SourceSansPro-Regular.otf", "SourceSansPro-Semibold.otf", "SourceSansPro-It.otf")

#: Okabe-Ito: distinguishable with colour-vision deficiency; shapes carry meaning too.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
#: Line hatches only: dots and circles ("...", "ooo") are hundreds of little curves in every
#: pattern tile, which a renderer parses and paints again for every use.
HATCHES = ["", "///", "---", "xxx", "\\\\\\", "|||", "+++", "xx--"]
TEXT_WIDTH_IN = 6.3  # the printed text width: charts are drawn at the size they print
MIN_FONT_PT = 7


def module(project: Project, name: str) -> ModuleType:
    path = project.figures / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"briefing_figure_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_chart(project: Project, name: str) -> None:
    data = json.loads((project.build_figures / f"{name}.data.json").read_text(encoding="utf-8"))
    setup()
    fig, caption, alt = module(project, name).draw(data, Style)
    atomic.write_bytes(project.build_figures / f"{name}.svg", svg_bytes(fig))
    atomic.write_json(project.build_figures / f"{name}.json",
                      {"caption": caption, "alt": alt, "source_line": data.get("source_line", "")})


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

    @staticmethod
    def year(date: str) -> float:
        """A decimal year for plotting a date of any precision (mid-period when imprecise)."""
        return datemarks.PartialDate.parse(date).decimal_year

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
