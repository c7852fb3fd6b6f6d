"""--svg and --html: a view saved as it looks in a terminal, with a caption, in a theme.

The picture is the view's renderable recorded by a Rich console of the terminal's width, then
exported with :data:`SVG_FORMAT` (an SVG that renders the same outside browsers and fetches
nothing) or as an HTML page. Every file is written through :func:`kzreforms.files.write_atomic`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .output import ExitCode, fail

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.terminal_theme import TerminalTheme
    from rich.text import Text

THEMES = ("dark", "light")
# The endings a file of each format may have (in any case): --svg slide.png is refused, not
# quietly written as an SVG that a viewer of PNGs cannot open.
SUFFIXES = {"--svg": (".svg",), "--html": (".html", ".htm")}


class Picture:
    """Where to save a view as it looks in a terminal: --svg and --html, in a --theme, with a caption."""

    def __init__(
        self, title: str, svg: Path | None, html: Path | None, force: bool, theme: str | None = None
    ) -> None:
        self.title, self.svg, self.html, self.force, self.theme = title, svg, html, force, theme
        self.keys: list[str] = []  # the keys of the sources of what the picture shows
        self.as_of: str | None = None  # the data's date

    def cite(self, keys: Iterable[str], as_of: str) -> None:
        """Say in the caption which sources the view shows (each key once, in order) and the data's date."""
        self.keys, self.as_of = list(dict.fromkeys(keys)), as_of

    def check(self) -> None:
        """A one-line error now, before any work, if a file of the picture cannot be written."""
        from .files import WriteError, check_target

        for path in (self.svg, self.html):
            if path is not None:
                try:
                    check_target(path, self.force)
                except WriteError as problem:
                    fail(str(problem))

    def save(self, renderable: RenderableType, width: int) -> None:
        """Record ``renderable`` at ``width`` columns, with the caption, and write each file asked for."""
        import io

        from rich.console import Console

        from .files import WriteError, write_atomic
        from .formats import one_line

        recorder = Console(
            record=True, file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
            highlight=False, markup=False, emoji=False, legacy_windows=False,
        )  # fmt: skip
        if self.as_of is not None:
            from rich.console import Group
            from rich.text import Text

            renderable = Group(renderable, Text(""), caption(self.keys, self.as_of, __version__))
        recorder.print(renderable)
        saved = []
        if self.svg is not None:
            theme = terminal_theme(self.theme or "dark")
            svg = recorder.export_svg(title=self.title, theme=theme, clear=False, code_format=SVG_FORMAT)
            saved.append((self.svg, recolour(svg, self.theme or "dark")))
        if self.html is not None:
            html = recorder.export_html(theme=terminal_theme(self.theme or "light"), clear=False)
            saved.append((self.html, recolour(html, self.theme or "light")))
        for path, content in saved:
            try:
                write_atomic(path, content, force=self.force)
            except WriteError as problem:
                fail(str(problem))
            sys.stderr.write(f"Saved {one_line(str(path))}\n")


def picture(
    title: str,
    svg: Path | None,
    html: Path | None,
    force: bool,
    theme: str | None = None,
    other: str | None = None,
) -> Picture | None:
    """Where to save the view, or None when no picture is asked for; a usage error for a bad --theme,
    for ``other`` (the name of an option such as --json that prints data instead), or for --svg and
    --html naming one file. A file that cannot be written is an error before the view is made."""
    if theme is not None:
        theme = theme.lower()
        if theme not in THEMES:
            fail(f"--theme must be dark or light, not '{theme}'", ExitCode.USAGE)
    if svg is None and html is None:
        if theme is not None:
            fail("--theme is for the picture of --svg or --html", ExitCode.USAGE)
        return None
    if other:
        fail(f"--svg and --html save the view as it looks; they do not go with {other}", ExitCode.USAGE)
    if svg is not None and html is not None:
        from .files import same_file

        if same_file(svg, html):
            fail(f"--svg and --html name the same file: {html}", ExitCode.USAGE)
    for option, path in (("--svg", svg), ("--html", html)):
        if path is not None:
            check_suffix(option, path)
    chosen = Picture(title, svg, html, force, theme)
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


def recolour(picture: str, theme: str) -> str:
    """``picture`` (an exported SVG or HTML page) with the terminal's before, after and step
    colours replaced by those of ``theme`` (:data:`kzreforms.layout.THEME_COLOURS`): the view is
    recorded with the terminal's colours, which Rich writes as lower-case #rrggbb."""
    from .layout import THEME_COLOURS

    for terminal, themed in zip(THEME_COLOURS["terminal"], THEME_COLOURS[theme], strict=True):
        picture = picture.replace(terminal.lower(), themed.lower())
    return picture


def caption(keys: Sequence[str], as_of: str, version: str) -> Text:
    """The foot of a picture: the keys of the sources of what it shows, and the data's date."""
    from rich.text import Text

    from . import formats
    from .layout import DIM, HORIZONTAL, text

    shown = ", ".join(keys) if keys else "none"
    return Text.assemble(
        (HORIZONTAL * 3, DIM),
        "\n",
        ("Source keys (kzreforms sources): ", DIM),
        text(shown, DIM),
        "\n",
        (f"Data as of {formats.date(as_of)}; kzreforms {version}.", DIM),
    )
