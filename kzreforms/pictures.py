"""--svg, --html and --png: a view saved as it looks in a terminal, with a caption, in a theme.

The picture is the view's renderable recorded by a Rich console of the terminal's width, then
exported with :data:`SVG_FORMAT` (an SVG that renders the same outside browsers and fetches
nothing) or as an HTML page. Every file is written through :func:`kzreforms.files.write_atomic`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import __version__
from .output import ExitCode, fail

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.terminal_theme import TerminalTheme
    from rich.text import Text

    from ._picture_options import PictureRequest
    from .model import Dataset, Source

THEMES = ("dark", "light")
# The endings a file of each format may have (in any case): --svg slide.png is refused, not
# quietly written as an SVG that a viewer of PNGs cannot open.
SUFFIXES = {"--svg": (".svg",), "--html": (".html", ".htm"), "--png": (".png",)}


# --scale: the PNG's pixels for each of the SVG's. 2 gives an 80-column view about 2,000 pixels
# wide, sharp on a projector or a 4K screen; beyond 8 the file only grows.
SCALE, SCALES = 2.0, (0.5, 8.0)


class Picture:
    """Where to save a view as it looks in a terminal (--svg, --html, --png), in a --theme, with a caption."""

    def __init__(self, title: str, request: PictureRequest, scale: float = SCALE) -> None:
        self.title, self.request, self.scale = title, request, scale
        self.svg, self.html, self.png = request.svg, request.html, request.png
        self.force, self.theme = request.force, request.theme
        self.heading = request.title  # --title
        self.sources: list[Source] = []  # the sources of what the picture shows
        self.as_of: str | None = None  # the data's date
        self.license: str | None = None  # the data's licence

    def files(self) -> list[tuple[str, Path]]:
        """Each file asked for, with its option."""
        named = (("--svg", self.svg), ("--html", self.html), ("--png", self.png))
        return [(option, path) for option, path in named if path is not None]

    def cite(self, keys: Iterable[str], dataset: Dataset) -> None:
        """Say in the caption which sources of ``dataset`` the view shows (each once, in order), the
        data's date and its licence."""
        self.sources = [dataset.sources[key] for key in dict.fromkeys(keys) if key in dataset.sources]
        self.as_of, self.license = dataset.as_of, dataset.license

    def check(self) -> None:
        """A one-line error now, before any work, if a file of the picture cannot be written."""
        from .files import WriteError, check_target

        for _, path in self.files():
            try:
                check_target(path, self.force)
            except WriteError as problem:
                fail(str(problem))

    def record(self, renderable: RenderableType, width: int) -> Console:
        """A console that has recorded ``renderable`` at ``width`` columns, with the title and caption."""
        import io

        from rich.console import Console, Group
        from rich.text import Text

        # No colour system: the recording keeps every style, and nothing is rendered as escape codes.
        # Rich keeps the codes of a style the first time it renders it, whatever the colour system;
        # a truecolor recorder would leave truecolor codes for a terminal of 8 colours in the same
        # process (a test, a program that imports kzreforms).
        recorder = Console(
            record=True, file=io.StringIO(), width=width, force_terminal=True, color_system=None,
            highlight=False, markup=False, emoji=False, legacy_windows=False,
        )  # fmt: skip
        if self.as_of is not None:
            renderable = Group(
                renderable, Text(""), caption(self.sources, self.as_of, self.license, __version__)
            )
        if self.heading is not None:
            from .layout import text

            renderable = Group(text(self.heading, "bold"), Text(""), renderable)
        recorder.print(renderable)
        return recorder

    def svg_of(self, recorder: Console) -> str:
        theme = self.theme or "dark"
        svg = recorder.export_svg(
            title=self.title, theme=terminal_theme(theme), clear=False, code_format=SVG_FORMAT
        )
        return draw_shapes(recolour(svg, theme))

    def fit(self, renderable: RenderableType, size: Size) -> tuple[Console, str]:
        """The view recorded at the fewest columns of ``size`` at which it fits the size's shape, and its
        SVG in that shape; a one-line error if it is too long at the most."""
        low, high = size.columns
        for columns in range(low, high + 1, 4):
            recorder = self.record(renderable, columns)
            svg = self.svg_of(recorder)
            width, height = view_box(svg)
            if height <= width * size.ratio:
                return recorder, framed(svg, width, width * size.ratio, terminal_theme(self.theme or "dark"))
        lines = len(recorder.export_text(clear=False).splitlines())
        fail(
            f"the view is too long for --size {size.name} ({lines} lines at {high} columns); "
            "show less of it (--topic, --since, --until, --year; show --only before-after)"
        )

    def save(self, renderable: RenderableType, width: int) -> None:
        """Record ``renderable`` at ``width`` columns (or those --size chooses), with the caption, and
        write each file asked for."""
        from .files import WriteError, write_atomic
        from .formats import one_line

        size = SIZES.get(self.request.size or "")
        svg = ""
        if size is not None:
            recorder, svg = self.fit(renderable, size)
        else:
            recorder = self.record(renderable, width)
            if self.svg is not None or self.png is not None:
                svg = self.svg_of(recorder)
        saved: list[tuple[Path, str | bytes]] = []
        if self.svg is not None:
            saved.append((self.svg, svg))
        if self.html is not None:
            html = recorder.export_html(theme=terminal_theme(self.theme or "light"), clear=False)
            saved.append((self.html, recolour(html, self.theme or "light")))
        if self.png is not None:
            if size is not None and self.request.scale is None:  # the size's own width in pixels
                saved.append((self.png, rasterise(svg, width=size.pixels)))
            else:
                saved.append((self.png, rasterise(svg, self.scale)))
        for path, content in saved:
            try:
                write_atomic(path, content, force=self.force)
            except WriteError as problem:
                fail(str(problem))
            sys.stderr.write(f"Saved {one_line(str(path))}\n")


class Size(NamedTuple):
    """A shape of picture for --size: its name, the columns it may take (fewest, most), its height
    for each unit of width, and the width in pixels of its PNG when no --scale is given."""

    name: str
    columns: tuple[int, int]
    ratio: float
    pixels: int


# --size: a 16:9 slide, whose text stays large enough to read from the back of a room (at most
# 100 columns: a line of text a projector shows at 19 pixels a character, in a PNG 1,920 wide);
# an A4 page in portrait (at most 100 columns, about 9 points a character; a PNG of 150 dpi).
SIZES = {
    "slide": Size("slide", (60, 100), 9 / 16, 1920),
    "page": Size("page", (80, 100), 297 / 210, 1240),
}


def view_box(svg: str) -> tuple[float, float]:
    """The width and height of an SVG as Rich writes it."""
    import re

    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert found is not None  # Rich's template always has one
    return float(found.group(1)), float(found.group(2))


def framed(svg: str, width: float, height: float, theme: TerminalTheme) -> str:
    """``svg`` made ``height`` high, its picture at the top of a page in the theme's background."""
    import re

    svg = re.sub(r'viewBox="0 0 [\d.]+ [\d.]+"', f'viewBox="0 0 {width:g} {height:.2f}"', svg, count=1)
    page = f'<rect class="page" x="0" y="0" width="{width:g}" height="{height:.1f}" fill="{theme.background_color.hex}"/>'
    return re.sub(r"(<svg[^>]*>)", lambda found: found.group(1) + page, svg, count=1)


def rasterise(svg: str, scale: float | None = None, width: int | None = None) -> bytes:
    """The SVG as a PNG, ``scale`` pixels for each of its own or ``width`` pixels wide, drawn by resvg
    (imported only for --png)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=scale, width=width))


def parse_scale(given: str | None) -> float:
    """The --scale asked for (SCALE if none), or a usage error."""
    if given is None:
        return SCALE
    low, high = SCALES
    try:
        scale = float(given)
    except ValueError:
        scale = float("nan")
    if not low <= scale <= high:
        from .formats import shorten

        fail(f"--scale must be a number from {low:g} to {high:g}, not '{shorten(given, 20)}'", ExitCode.USAGE)
    return scale


def picture(title: str, request: PictureRequest, other: str | None = None) -> Picture | None:
    """Where to save the view, or None when no picture is asked for; a usage error for a bad --theme
    or --scale, for an option of a picture without a file to go in, for ``other`` (the name of an
    option such as --json that prints data instead), for a file name that does not end as its format
    does, or for two options naming one file. A file that cannot be written is an error before the
    view is made."""
    theme = request.theme
    if theme is not None:
        theme = theme.lower()
        if theme not in THEMES:
            fail(f"--theme must be dark or light, not '{theme}'", ExitCode.USAGE)
        request = request._replace(theme=theme)
    scale = parse_scale(request.scale)
    if request.size is not None and request.size.lower() not in SIZES:
        fail(f"--size must be slide or page, not '{request.size}'", ExitCode.USAGE)
    if request.size is not None:
        request = request._replace(size=request.size.lower())
    if request.title is not None and not request.title.strip():
        fail("--title must not be empty", ExitCode.USAGE)
    if request.scale is not None and request.png is None:
        fail("--scale is for the image of --png", ExitCode.USAGE)
    chosen = Picture(title, request, scale)
    files = chosen.files()
    if not files:
        for option, given in (("--theme", theme), ("--title", request.title), ("--size", request.size)):
            if given is not None:
                fail(f"{option} is for the picture of --svg, --html or --png", ExitCode.USAGE)
        return None
    if other:
        fail(
            f"--svg, --html and --png save the view as it looks; they do not go with {other}", ExitCode.USAGE
        )
    from .files import same_file

    for number, (option, path) in enumerate(files):
        for other_option, other_path in files[number + 1 :]:
            if same_file(path, other_path):
                fail(f"{option} and {other_option} name the same file: {other_path}", ExitCode.USAGE)
    for option, path in files:
        check_suffix(option, path)
    chosen.check()
    return chosen


def check_suffix(option: str, path: Path) -> None:
    """A usage error unless the name of ``path`` ends as a file of ``option``'s format does."""
    suffixes = SUFFIXES[option]
    if not path.name.lower().endswith(suffixes):
        kind = option[2:].upper()
        ending = " or ".join(suffixes)
        fail(f"{option} writes {kind}, so its file name must end in {ending}: {path}", ExitCode.USAGE)


# Fonts found on the reader's machine, never fetched: the picture opens offline, and makes no
# request. The widths of the cells are fixed by Rich (x and textLength of each run of text).
MONOSPACE = "'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
SANS = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# Rich's SVG template (rich/_export_format.py) with two changes: no @font-face that downloads
# Fira Code from a CDN (a local font stack instead), and xml:space="preserve" on the root, so
# that rsvg-convert and Inkscape keep the spaces of each run of text as browsers do (without
# it they drop the spaces at the ends of a run and merge words: "neededat least 7%of the").
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" \
xml:space="preserve">
    <!-- Generated with Rich https://www.textualize.io, for kzreforms -->
    <style>

    .{unique_id}-matrix {{
        font-family: MONOSPACE;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: SANS;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
""".replace("MONOSPACE", MONOSPACE).replace("SANS", SANS)


def terminal_theme(name: str) -> TerminalTheme:
    """The colours of a picture: ``dark`` (Rich's SVG theme) or ``light`` (for slides and print:
    a white page, and colours dark enough to read on it)."""
    from rich.terminal_theme import SVG_EXPORT_THEME, TerminalTheme

    if name == "dark":
        return SVG_EXPORT_THEME
    normal = [
        (36, 41, 47), (207, 34, 46), (17, 99, 41), (125, 78, 0),
        (9, 105, 218), (130, 80, 223), (27, 124, 131), (87, 96, 106),
    ]  # fmt: skip
    bright = [
        (87, 96, 106), (164, 14, 38), (26, 127, 55), (99, 60, 1),
        (33, 139, 255), (163, 113, 247), (49, 146, 170), (36, 41, 47),
    ]  # fmt: skip
    return TerminalTheme((255, 255, 255), (36, 41, 47), normal, bright)


# Lines and blocks are drawn as shapes, not as glyphs laid out as text: each renderer fills a cell
# with its own font's glyph (or another font's, if that one lacks it), so the borders of a box came
# out broken or jagged in rsvg-convert and whole in Chromium. A shape is the same in every one.
# A box-drawing character: which of its cell's edges its lines reach, from the middle.
BOX = {
    "─": "lr", "━": "lr", "│": "ud", "┃": "ud", "╭": "rd", "┌": "rd", "╮": "ld", "┐": "ld",
    "╰": "ru", "└": "ru", "╯": "lu", "┘": "lu", "├": "udr", "┤": "udl", "┬": "lrd", "┴": "lru",
    "┼": "lrud",
}  # fmt: skip
# A block character (Rich's bars): the part of its cell's width it fills, from its left and right.
BLOCKS = {
    "█": (0, 8), "▉": (0, 7), "▊": (0, 6), "▋": (0, 5), "▌": (0, 4), "▍": (0, 3), "▎": (0, 2), "▏": (0, 1),
    "▐": (4, 8), "▕": (7, 8),
}  # fmt: skip
# Rich's cell: 0.61 of the font size wide, 1.22 high (rich/console.py, export_svg).
CELL_WIDTH, CELL_HEIGHT, FONT_SIZE = 20 * 0.61, 20 * 1.22, 20
LINE_WIDTH = 1.5
BAR_HEIGHT = 0.7  # of the cell's height: bars one above the other stay apart


def draw_shapes(svg: str) -> str:
    """``svg`` (as Rich exports it) with its box-drawing and block characters taken out of the text
    and drawn as lines and rectangles in the text's colour, in the cells they filled."""
    import html
    import re

    from rich.cells import cell_len

    colours = dict(re.findall(r"\.([\w-]+) \{ fill: (#[0-9a-f]{6})", svg))
    lines: dict[str, list[tuple[float, float, float, float]]] = {}
    blocks: dict[str, list[tuple[float, float, float, float]]] = {}

    def cut(found: re.Match[str]) -> str:
        css, x, y, rest, content = (
            found.group(1),
            float(found.group(2)),
            float(found.group(3)),
            found.group(4),
            found.group(5),
        )
        characters = html.unescape(content)
        if not any(c in BOX or c in BLOCKS for c in characters):
            return found.group(0)
        top = y - FONT_SIZE + 1.5  # the cell's top, as Rich puts the line's background
        middle = top + CELL_HEIGHT / 2
        pieces, column, run, run_x = [], x, "", x
        for character in characters:
            width = cell_len(character) * CELL_WIDTH
            if character in BOX or character in BLOCKS:
                if run:
                    pieces.append((run_x, run))
                run, run_x = "", column + width
                centre = column + CELL_WIDTH / 2
                for edge in BOX.get(character, ""):
                    end = {"l": (column, middle), "r": (column + CELL_WIDTH, middle),
                           "u": (centre, top), "d": (centre, top + CELL_HEIGHT)}[edge]  # fmt: skip
                    lines.setdefault(css, []).append((centre, middle, *end))
                if character in BLOCKS:
                    left, right = BLOCKS[character]
                    height = CELL_HEIGHT * BAR_HEIGHT
                    blocks.setdefault(css, []).append(
                        (
                            column + CELL_WIDTH * left / 8,
                            middle - height / 2,
                            CELL_WIDTH * (right - left) / 8,
                            height,
                        )
                    )
            else:
                if not run:
                    run_x = column
                run += character
            column += width
        if run:
            pieces.append((run_x, run))
        return "".join(
            f'<text class="{css}" x="{round(px, 2):g}" y="{y:g}" textLength="{round(cell_len(text) * CELL_WIDTH, 2):g}"'
            f"{rest}>{html.escape(text).replace(chr(160), '&#160;')}</text>"
            for px, text in pieces
            if text.strip("\xa0 ")
        )

    pattern = r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+"([^>]*)>([^<]*)</text>'
    svg = re.sub(pattern, cut, svg)
    shapes = []
    for css, segments in lines.items():
        colour = colours.get(css, "#808080")
        path = " ".join(f"M{x1:.2f} {y1:.2f}L{x2:.2f} {y2:.2f}" for x1, y1, x2, y2 in merged(segments))
        shapes.append(f'<path d="{path}" stroke="{colour}" stroke-width="{LINE_WIDTH}" fill="none"/>')
    for css, rectangles in blocks.items():
        colour = colours.get(css, "#808080")
        shapes.extend(
            f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{colour}"/>'
            for x, y, w, h in merged_blocks(rectangles)
        )
    matrix = re.search(r'<g class="[\w-]+-matrix">', svg)
    if not shapes or matrix is None:
        return svg
    drawn = '<g class="shapes" stroke-linecap="square">' + "".join(shapes) + "</g>\n    "
    return svg[: matrix.start()] + drawn + svg[matrix.start() :]


def merged(segments: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Half-cell segments joined into the longest horizontal and vertical lines they make."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for x1, y1, x2, y2 in segments:
        if round(y1, 2) == round(y2, 2):
            horizontal.setdefault(round(y1, 2), []).append((min(x1, x2), max(x1, x2)))
        else:
            vertical.setdefault(round(x1, 2), []).append((min(y1, y2), max(y1, y2)))
    joined = []
    for y, spans in horizontal.items():
        joined += [(a, y, b, y) for a, b in _join(spans)]
    for x, spans in vertical.items():
        joined += [(x, a, x, b) for a, b in _join(spans)]
    return joined


def merged_blocks(
    rectangles: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Blocks side by side on one line joined into one rectangle each."""
    rows: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for x, y, w, h in rectangles:
        rows.setdefault((round(y, 2), round(h, 2)), []).append((x, x + w))
    return [(a, y, b - a, h) for (y, h), spans in rows.items() for a, b in _join(spans)]


def _join(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Intervals that touch or overlap, joined."""
    joined: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + 0.01:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def recolour(picture: str, theme: str) -> str:
    """``picture`` (an exported SVG or HTML page) with the terminal's before, after and step
    colours replaced by those of ``theme`` (:data:`kzreforms.layout.THEME_COLOURS`): the view is
    recorded with the terminal's colours, which Rich writes as lower-case #rrggbb."""
    from .layout import THEME_COLOURS

    for terminal, themed in zip(THEME_COLOURS["terminal"], THEME_COLOURS[theme], strict=True):
        picture = picture.replace(terminal.lower(), themed.lower())
    return picture


def source_name(source: Source) -> str:
    """A source as a reader names it: its outlet (publisher), else its author, else its title; its
    law number; its date."""
    from . import formats

    name = source.publisher or source.author or formats.shorten(source.title, 60)
    if source.law_number:
        name += f", No. {source.law_number}"
    if source.date:
        name += f", {formats.date(source.date)}"
    return name


def caption(sources: Sequence[Source], as_of: str, license: str | None, version: str) -> Text:
    """The foot of a picture: the sources of what it shows, by outlet and date; where the data comes
    from and when; and its licence (the attribution CC BY asks for)."""
    from rich.text import Text

    from . import formats
    from .layout import DIM, HORIZONTAL, text

    names = list(dict.fromkeys(source_name(source) for source in sources))
    shown = "; ".join(names) if names else "none"
    data = f"Data: kzreforms, as of {formats.date(as_of)} (kzreforms {version})."
    lines = Text.assemble(
        (HORIZONTAL * 3, DIM),
        "\n",
        ("Sources: ", DIM),
        text(shown if shown.endswith("…") else shown + ".", DIM),
        "\n",
        (data, DIM),
    )
    if license:
        lines.append_text(text(f" Licence: {license.rstrip('.')}.", DIM))
    return lines
