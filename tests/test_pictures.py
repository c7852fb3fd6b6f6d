"""Pictures that travel: --svg renders the same outside browsers (rsvg-convert), fetches nothing,
comes in a dark or light --theme, and carries a caption naming the sources by outlet and date, the
data's date and its licence.

Lines, boxes and bars are shapes, not glyphs: every one the terminal shows is a line or a rectangle
in its cell, and the border of a box comes out unbroken from rsvg-convert and resvg. Each view's
SVG is checked twice: its text nodes, put back on their lines and columns, give
exactly the lines the terminal shows (so no word is merged or lost), and rsvg-convert renders it
to a PNG. A small picture is then measured in rsvg-convert's PNG: the space between two runs of
text is drawn, not dropped (it was, before xml:space="preserve"). Last, rsvg-convert, Inkscape
and Chromium (those two where installed) each print every view to a PDF, whose words are read back.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kzreforms import __version__
from kzreforms.cite import cited_keys
from kzreforms.data import load

from .conftest import SAMPLE, needs, run

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = [["show", "5"], ["list"], ["thresholds"], ["timeline"], ["compare", "2021", "2023"]]
CHAR_WIDTH, CHAR_HEIGHT, LINE_HEIGHT = 20 * 0.61, 20, 20 * 1.22  # as Rich lays out an SVG
RSVG = shutil.which("rsvg-convert")
needs_rsvg = needs("rsvg-convert")


def picture(tmp_path: Path, *command: str, theme: str | None = None) -> tuple[Path, str]:
    """Save the view of ``command`` (on the sample data) as an SVG; its path, and what the terminal shows."""
    path = tmp_path / f"{'-'.join(command)}-{theme}.svg"
    extra = ["--theme", theme] if theme else []
    result = run("--data", str(SAMPLE), *command, "--svg", str(path), *extra)
    assert (result.code, result.stderr) == (0, f"Saved {path}\n"), result
    return path, result.stdout


def without_shapes(line: str) -> str:
    """A line of the terminal as the SVG's text has it: lines and blocks are shapes, not characters."""
    from kzreforms.pictures import BLOCKS, BOX

    return "".join(" " if c in BOX or c in BLOCKS else c for c in line).rstrip()


def text_lines(path: Path) -> list[str]:
    """The lines of the terminal in the SVG, from its text nodes' positions (cells of CHAR_WIDTH)."""
    root = ElementTree.parse(path).getroot()
    lines: dict[int, list[str]] = {}
    matrix = next(g for g in root.iter(f"{SVG}g") if g.get("class", "").endswith("-matrix"))
    for node in matrix.iter(f"{SVG}text"):
        row = round((float(node.get("y", "0")) - CHAR_HEIGHT) / LINE_HEIGHT)
        column = round(float(node.get("x", "0")) / CHAR_WIDTH)
        content = (node.text or "").replace("\xa0", " ")
        line = lines.setdefault(row, [])
        line.extend(" " * (column - len(line)))
        line[column : column + len(content)] = content
    return ["".join(lines.get(row, [])).rstrip() for row in range(max(lines) + 1)]


@pytest.mark.parametrize("command", VIEWS, ids=" ".join)
def test_the_words_of_every_view_are_where_the_terminal_shows_them(
    tmp_path: Path, command: list[str]
) -> None:
    path, shown = picture(tmp_path, *command)
    lines = text_lines(path)
    expected = [without_shapes(line) for line in shown.rstrip("\n").split("\n")]
    assert lines[: len(expected)] == expected
    caption = lines[len(expected) :]
    assert caption[0] == caption[1] == ""  # and the rule above the caption is a line
    assert caption[2].startswith("Sources: ")
    assert " ".join(caption).endswith(" Licence: CC BY 4.0 (test data).")


def test_the_caption_names_the_sources_as_a_reader_would(tmp_path: Path) -> None:
    dataset = load(SAMPLE)
    source = dataset.sources["law-no-333-vi-of-25-may-2020-o"]
    assert source.author is None and source.law_number is None  # the sample's sources have titles only
    path, _ = picture(tmp_path, "show", "5")
    caption = " ".join(text_lines(path)).split("   Sources: ")[-1]
    names = [dataset.sources[key].title for key in cited_keys(dataset.get(5))]  # type: ignore[arg-type]
    assert names == [
        'Joy Cho, "Significant reforms have been implemented since President Tokayev\'s election in June 2019",'
        " The Korea Post",
        "Kazinform, 15 Jan 2021",
        'Interfax, 19 Jan 2023, "Kazakh president dissolves lower parliamentary chamber"',
    ]
    assert re.sub(r"\s+", " ", caption).strip() == (
        'Joy Cho, "Significant reforms have been implemented since…; Kazinform, 15 Jan 2021; Interfax, 19 Jan 2023, '
        '"Kazakh president dissolves lower… '
        f"Data: kzreforms, as of 30 Nov 2026 (kzreforms {__version__}). Licence: CC BY 4.0 (test data)."
    )


def test_a_source_is_named_by_its_outlet_law_number_and_date() -> None:
    from kzreforms.model import Source
    from kzreforms.pictures import source_name

    law = Source(kind="law", title="On elections", author="Republic of Kazakhstan", date="2020-05-25",
                 law_number="333-VI")  # fmt: skip
    assert source_name(law) == "Republic of Kazakhstan, No. 333-VI, 25 May 2020"
    assert (
        source_name(Source(kind="news", title="A headline", author="Qazinform", date="2026"))
        == "Qazinform, 2026"
    )
    assert source_name(Source(kind="news", title="A headline")) == "A headline"
    news = Source(
        kind="news", title="A headline", author="A. Writer", publisher="Kazinform", date="2021-01-15"
    )
    assert source_name(news) == "Kazinform, 15 Jan 2021"


def test_the_bundled_data_gives_the_outlets_and_dates_of_show_29(tmp_path: Path) -> None:
    path = tmp_path / "29.svg"
    assert run("show", "29", "--svg", str(path)).code == 0
    caption = re.sub(r"\s+", " ", " ".join(text_lines(path)).split("   Sources: ")[-1]).strip()
    assert caption == (
        "Qazinform, 26 Jan 2026; Official website of the President of Kazakhstan (akorda.kz), 13 May 2025; "
        "Devdiscourse; The Times of Central Asia, 1 Jul 2026; mts.kg, 24 Jan 2026; Cumhuriyet (cumhuriyetdaily.com); "
        "Qazinform, 20 Jan 2026; open.kg; Qazaq TV, 16 Jun 2022. "
        f"Data: kzreforms, as of 30 Nov 2026 (kzreforms {__version__}). "
        "Licence: CC BY 4.0; every fact is credited to its source."
    )


@pytest.mark.parametrize("kind", ["svg", "html", "png"])
def test_a_title_goes_at_the_top_of_the_picture(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"slide.{kind}"
    result = run("--data", str(SAMPLE), "show", "5", f"--{kind}", str(path), "--title", "Party <lists> & 5%")
    assert result.code == 0, result
    if kind == "svg":
        assert text_lines(path)[:3] == ["Party <lists> & 5%", "", "5. Lower threshold to enter the Mazhilis"]
    elif kind == "html":
        assert "Party &lt;lists&gt; &amp; 5%" in path.read_text(encoding="utf-8")
    else:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_title_with_control_characters_is_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "hostile.svg"
    result = run("--data", str(SAMPLE), "show", "5", "--svg", str(path), "--title", "Slide\x1b[2J\x07 one")
    assert result.code == 0, result
    assert text_lines(path)[0] == "Slide␛[2J␇ one"
    assert "\x1b" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--title", "Slide"], "--title is for the picture of --svg, --html or --png"),
        (["--svg", "a.svg", "--title", " "], "--title must not be empty"),
        (["--size", "slide"], "--size is for the picture of --svg, --html or --png"),
        (["--svg", "a.svg", "--size", "poster"], "--size must be slide or page, not 'poster'"),
    ],
)
def test_a_bad_title_or_size_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "show", "5", *options)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_picture_fetches_nothing_and_keeps_its_spaces(tmp_path: Path, theme: str) -> None:
    path, _ = picture(tmp_path, "show", "5", theme=theme)
    svg = path.read_text(encoding="utf-8")
    root = ElementTree.parse(path).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    style = "".join(node.text or "" for node in root.iter(f"{SVG}style"))
    assert "@font-face" not in style and "url(" not in style and "http" not in style
    assert "DejaVu Sans Mono" in style and "monospace" in style
    assert "cdn" not in svg.lower()
    background = "#292929" if theme == "dark" else "#ffffff"
    assert f'fill="{background}"' in svg


def test_html_takes_the_theme_and_the_caption(tmp_path: Path) -> None:
    light, dark = tmp_path / "light.html", tmp_path / "dark.html"
    assert run("--data", str(SAMPLE), "thresholds", "--html", str(light)).code == 0
    assert run("--data", str(SAMPLE), "thresholds", "--html", str(dark), "--theme", "dark").code == 0
    assert "background-color: #ffffff" in light.read_text(encoding="utf-8")
    assert "background-color: #292929" in dark.read_text(encoding="utf-8")
    assert "Sources: Joy Cho" in light.read_text(encoding="utf-8")
    assert "http" not in light.read_text(encoding="utf-8").split("<body>")[0]


def test_a_theme_needs_a_picture() -> None:
    result = run("show", "5", "--theme", "light")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "kzreforms: error: --theme is for the picture of --svg, --html or --png\n"
    bad = run("show", "5", "--svg", "x.svg", "--theme", "pink")
    assert bad.code == 2 and "pink" in bad.stderr


@pytest.mark.parametrize(
    ("option", "name", "message"),
    [
        ("--svg", "slide.png", "--svg writes SVG, so its file name must end in .svg: slide.png"),
        ("--svg", "slide", "--svg writes SVG, so its file name must end in .svg: slide"),
        ("--html", "page.svg", "--html writes HTML, so its file name must end in .html or .htm: page.svg"),
    ],
)
def test_a_file_name_that_does_not_end_as_its_format_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, name: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "show", "5", option, name)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("names", [("A.SVG", "B.HTML"), ("a.svg", "b.htm")])
def test_the_ending_of_a_file_name_may_be_in_any_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "show", "5", "--svg", names[0], "--html", names[1])
    assert result.code == 0, result
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)


# --------------------------------------------------------------------------------------
# rsvg-convert
# --------------------------------------------------------------------------------------


def png(svg: Path) -> tuple[int, int, list[bytes]]:
    """Render with rsvg-convert; the PNG's width, height and rows of RGBA pixels."""
    assert RSVG is not None
    out = svg.with_suffix(".png")
    subprocess.run([RSVG, str(svg), "-o", str(out)], check=True, capture_output=True, timeout=60)
    return decode_png(out.read_bytes())


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """A non-interlaced 8-bit RGBA PNG (what rsvg-convert writes) as rows of bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (8, 6, 0)
    raw, stride, rows = zlib.decompress(b"".join(chunks)), width * 4, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, corner = previous[i], previous[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@needs_rsvg
@pytest.mark.parametrize("command", VIEWS, ids=" ".join)
def test_rsvg_convert_renders_every_view(tmp_path: Path, command: list[str]) -> None:
    path, _ = picture(tmp_path, *command, theme="light")
    view_box = ElementTree.parse(path).getroot().get("viewBox", "").split()
    out = path.with_suffix(".png")
    subprocess.run([RSVG, str(path), "-o", str(out)], check=True, capture_output=True, timeout=60)  # type: ignore[list-item]
    header = out.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert abs(width - float(view_box[2])) <= 1 and abs(height - float(view_box[3])) <= 1


@needs_rsvg
def test_rsvg_convert_keeps_the_space_between_runs_of_text(tmp_path: Path) -> None:
    from rich.text import Text

    from kzreforms._picture_options import PictureRequest
    from kzreforms.pictures import Picture

    path = tmp_path / "spaces.svg"
    # Two runs, as a view has them: "a" in bold, then ten spaces and "b" in another style. Without
    # xml:space="preserve" rsvg-convert drops the spaces at the start of the second run.
    Picture("spaces", PictureRequest(svg=path)).save(
        Text.assemble(("a", "bold"), (" " * 10 + "b", "red")), 30
    )
    width, _, rows = png(path)
    top = 41 + 4  # the first line of text, below the title bar (Rich: margin 1, padding 40)
    band = rows[top : top + 16]
    background = band[0][4 * 2 : 4 * 2 + 3]  # a pixel of the terminal's own background

    def inked(x: int) -> bool:
        return any(sum(abs(row[4 * x + c] - background[c]) for c in range(3)) > 120 for row in band)

    columns = [x for x in range(4, width - 4) if inked(x)]  # inside the window's border
    runs: list[list[int]] = []
    for x in columns:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    assert len(runs) == 2, runs  # "a" and "b"
    gap = runs[1][0] - runs[0][-1]
    assert gap > 9 * CHAR_WIDTH, f"the spaces were dropped: a gap of {gap}px"


# --------------------------------------------------------------------------------------
# The same words in rsvg-convert, Inkscape and Chromium: each renders the SVG to a PDF, and
# pdftotext reads the words back from where the glyphs were drawn. A word merged with the next
# ("neededat") or lost fails. pdftotext may split a word where two runs of text meet (its guess
# from the glyphs' spacing), so only the word breaks the terminal shows are required.
# --------------------------------------------------------------------------------------

RENDERERS = {
    "rsvg-convert": ["rsvg-convert", "--format=pdf", "{svg}", "--output={pdf}"],
    "inkscape": ["inkscape", "--export-type=pdf", "--export-filename={pdf}", "{svg}"],
    "chromium": [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
        "--user-data-dir={profile}", "--print-to-pdf={pdf}", "{uri}",
    ],
}  # fmt: skip
# rsvg-convert and pdftotext are installed by .ci/run; Inkscape and Chromium only where a
# developer has them (apt-get install inkscape chromium): their tests skip elsewhere, CI too.
ONLY_HERE = {"inkscape", "chromium"}


def breaks(words: list[str]) -> set[int]:
    """Where, in the words run together, one word ends and the next begins."""
    ends, at = set(), 0
    for word in words[:-1]:
        at += len(word)
        ends.add(at)
    return ends


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize("command", VIEWS, ids=" ".join)
def test_every_renderer_draws_the_words_apart(tmp_path: Path, renderer: str, command: list[str]) -> None:
    missing = [program for program in (renderer, "pdftotext") if shutil.which(program) is None]
    if missing and (renderer in ONLY_HERE or os.environ.get("CI") != "true"):
        pytest.skip(f"{' and '.join(missing)} not installed")
    path, shown = picture(tmp_path, *command, theme="light")
    pdf = tmp_path / "picture.pdf"
    values = {"svg": str(path), "pdf": str(pdf), "uri": path.as_uri(), "profile": str(tmp_path / "profile")}
    subprocess.run(
        [part.format(**values) for part in RENDERERS[renderer]], check=True, capture_output=True, timeout=120
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    drawn = [line.split() for line in text.splitlines() if line.strip()]
    expected = [without_shapes(line).split() for line in shown.splitlines() if without_shapes(line).strip()]
    assert drawn[0] == ["kzreforms", *command]  # the window's title
    for line, (got, want) in enumerate(zip(drawn[1:], expected, strict=False), start=1):
        assert "".join(got) == "".join(want), (renderer, line, got, want)
        assert breaks(want) <= breaks(got), f"{renderer} merged words on line {line}: {got}"
    assert len(drawn) > len(expected)  # and the caption follows


# --------------------------------------------------------------------------------------
# --png: the SVG rendered by resvg, at --scale
# --------------------------------------------------------------------------------------


def colours(rows: list[bytes]) -> set[str]:
    """Every opaque colour of a PNG's pixels, as #rrggbb."""
    return {"#" + row[x : x + 3].hex() for row in rows for x in range(0, len(row), 4) if row[x + 3] == 255}


@pytest.mark.parametrize(("theme", "scale"), [("dark", None), ("light", "1"), ("light", "1.5")])
def test_png_is_the_svg_rendered_at_its_scale(tmp_path: Path, theme: str, scale: str | None) -> None:
    from kzreforms.layout import THEME_COLOURS

    svg, image = tmp_path / "chart.svg", tmp_path / "chart.png"
    extra = ["--scale", scale] if scale else []
    command = ["--data", str(SAMPLE), "thresholds", "--svg", str(svg), "--png", str(image), "--theme", theme]
    result = run(*command, *extra)
    assert (result.code, result.stderr) == (0, f"Saved {svg}\nSaved {image}\n"), result
    width, height, rows = decode_png(image.read_bytes())
    view_box = [float(n) for n in ElementTree.parse(svg).getroot().get("viewBox", "").split()]
    zoom = float(scale or 2)
    assert abs(width - view_box[2] * zoom) <= 1 and abs(height - view_box[3] * zoom) <= 1
    palette = THEME_COLOURS[theme]
    assert {palette.before.lower(), palette.after.lower(), palette.step.lower()} <= colours(rows)
    background = "#292929" if theme == "dark" else "#ffffff"
    assert "#" + rows[height // 2][4 * 8 : 4 * 8 + 3].hex() == background  # inside the window


def test_png_alone_is_written_without_an_svg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "show", "5", "--png", "slide.PNG")
    assert (result.code, result.stderr) == (0, "Saved slide.PNG\n")
    assert [path.name for path in tmp_path.iterdir()] == ["slide.PNG"]
    assert (tmp_path / "slide.PNG").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--png", "a.png", "--scale", "9"], "--scale must be a number from 0.5 to 8, not '9'"),
        (["--png", "a.png", "--scale", "0.4"], "--scale must be a number from 0.5 to 8, not '0.4'"),
        (["--png", "a.png", "--scale", "big"], "--scale must be a number from 0.5 to 8, not 'big'"),
        (["--png", "a.png", "--scale", "nan"], "--scale must be a number from 0.5 to 8, not 'nan'"),
        (["--svg", "a.svg", "--scale", "2"], "--scale is for the image of --png"),
        (["--png", "a.svg"], "--png writes PNG, so its file name must end in .png: a.svg"),
        (["--svg", "a.svg", "--png", "a.svg"], "--svg and --png name the same file: a.svg"),
        (
            ["--png", "a.png", "--csv"],
            "--svg, --html and --png save the view as it looks; they do not go with --csv",
        ),
    ],
)
def test_a_bad_png_or_scale_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "thresholds", *options)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------
# Lines and blocks are shapes: no glyph of them is left for a renderer to draw its own way
# --------------------------------------------------------------------------------------


def shapes(
    path: Path,
) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float, float]]]:
    """The line segments (x1, y1, x2, y2) and rectangles (x, y, width, height) drawn in the terminal."""
    root = ElementTree.parse(path).getroot()
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "shapes")
    segments = [
        tuple(float(n) for n in re.findall(r"[\d.]+", part))
        for node in group.iter(f"{SVG}path")
        for part in (node.get("d") or "").split("M")[1:]
    ]
    rectangles = [
        tuple(float(node.get(name, "0")) for name in ("x", "y", "width", "height"))
        for node in group.iter(f"{SVG}rect")
    ]
    return segments, rectangles  # type: ignore[return-value]


@pytest.mark.parametrize("command", VIEWS, ids=" ".join)
def test_every_line_and_block_of_the_view_is_a_shape_in_its_cell(tmp_path: Path, command: list[str]) -> None:
    from kzreforms.pictures import BOX

    path, shown = picture(tmp_path, *command)
    root = ElementTree.parse(path).getroot()
    texts = "".join(node.text or "" for node in root.iter(f"{SVG}text"))
    assert not set(texts) & (set(BOX) | set("█▉▊▋▌▍▎▏▐▕"))
    segments, rectangles = shapes(path)
    cells = [(row, column, c) for row, line in enumerate(shown.splitlines()) for column, c in enumerate(line)]
    boxes = [(row, column) for row, column, c in cells if c in BOX]
    bars = [(row, column) for row, column, c in cells if c == "█"]
    if command[0] in ("show", "list", "thresholds"):  # a box, a rule under a header, bars
        assert boxes or bars
    for row, column in boxes:  # a line passes through the middle of the cell
        x, y = (column + 0.5) * CHAR_WIDTH, 1.5 + (row + 0.5) * LINE_HEIGHT
        assert any(
            min(x1, x2) - 0.01 <= x <= max(x1, x2) + 0.01 and min(y1, y2) - 0.01 <= y <= max(y1, y2) + 0.01
            for x1, y1, x2, y2 in segments
        ), (row, column, shown.splitlines()[row])
    for row, column in bars:  # a rectangle covers the middle of the cell
        x, y = (column + 0.5) * CHAR_WIDTH, 1.5 + (row + 0.5) * LINE_HEIGHT
        assert any(rx <= x <= rx + w and ry <= y <= ry + h for rx, ry, w, h in rectangles), (row, column)


def top_border_gaps(rows: list[bytes], svg: Path, shown: str) -> list[int]:
    """The columns of pixels along the top border of the view's first box that are not inked."""
    root = ElementTree.parse(svg).getroot()
    offset = next(
        g.get("transform", "")
        for g in root.iter(f"{SVG}g")
        if g.get("transform", "").startswith("translate(9")
    )
    dx, dy = (float(n) for n in re.findall(r"[\d.]+", offset))
    row = next(number for number, line in enumerate(shown.splitlines()) if line.startswith("╭"))
    width = len(shown.splitlines()[row])
    y = round(dy + 1.5 + (row + 0.5) * LINE_HEIGHT)
    background = rows[y - 8][4 * round(dx + 2) : 4 * round(dx + 2) + 3]
    band = rows[y - 2 : y + 3]

    def inked(x: int) -> bool:
        return any(sum(abs(line[4 * x + c] - background[c]) for c in range(3)) > 60 for line in band)

    start, end = round(dx + CHAR_WIDTH), round(dx + (width - 1) * CHAR_WIDTH)
    return [x for x in range(start, end) if not inked(x)]


@needs_rsvg
@pytest.mark.parametrize("renderer", ["rsvg-convert", "resvg"])
def test_the_border_of_a_box_is_drawn_unbroken(tmp_path: Path, renderer: str) -> None:
    svg, shown = picture(tmp_path, "show", "5", theme="light")
    if renderer == "resvg":
        image = tmp_path / "resvg.png"
        assert (
            run(
                "--data", str(SAMPLE), "show", "5", "--png", str(image), "--theme", "light", "--scale", "1"
            ).code
            == 0
        )
        _, _, rows = decode_png(image.read_bytes())
    else:
        _, _, rows = png(svg)
    assert top_border_gaps(rows, svg, shown) == []


# --------------------------------------------------------------------------------------
# --size slide and --size page
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "size", "shape", "pixels", "columns"),
    [
        (["show", "6", "--only", "before-after"], "slide", 9 / 16, (1920, 1080), 76),
        (["thresholds", "--topic", "political parties"], "slide", 9 / 16, (1920, 1080), 100),
        (["show", "5"], "page", 297 / 210, (1240, 1754), 80),
    ],
)
def test_a_size_gives_the_picture_its_shape_and_the_view_the_columns_to_fit(
    tmp_path: Path, command: list[str], size: str, shape: float, pixels: tuple[int, int], columns: int
) -> None:
    svg, image = tmp_path / "sized.svg", tmp_path / "sized.png"
    result = run("--data", str(SAMPLE), *command, "--size", size, "--svg", str(svg), "--png", str(image))
    assert (result.code, result.stderr) == (0, f"Saved {svg}\nSaved {image}\n"), result
    width, height = (float(n) for n in ElementTree.parse(svg).getroot().get("viewBox", "").split()[2:])
    assert abs(height - width * shape) < 0.01
    assert decode_png(image.read_bytes())[:2] == pixels
    # The view is laid out at the columns chosen (the fewest, in steps of 4, at which it fits)...
    wide = run("--data", str(SAMPLE), *command, columns=columns).stdout
    lines = [without_shapes(line) for line in wide.rstrip("\n").split("\n")]
    assert text_lines(svg)[: len(lines)] == lines
    # ...and the window of the terminal fits in the shape.
    window = next(r for r in ElementTree.parse(svg).getroot().iter(f"{SVG}rect") if r.get("rx"))
    assert float(window.get("y", "0")) + float(window.get("height", "0")) <= height


def test_a_view_too_long_for_its_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--data", str(SAMPLE), "show", "1", "--size", "slide", "--png", "entry.png")
    assert (result.code, result.stderr) == (
        1,
        "kzreforms: error: the view is too long for --size slide (40 lines at 100 columns); show less of it "
        "(--topic, --since, --until, --year; show --only before-after)\n",
    )
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------
# The README's slides: the bundled data, made as the README says; `python -m tests.test_pictures`
# writes them again after a change to the data or the pictures.
# --------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SLIDES = {
    "docs/slide-parties.svg": ["thresholds", "--topic", "parties", "--size", "slide", "--theme", "light"],
    "docs/slide-7.svg": ["show", "7", "--only", "before-after", "--size", "slide", "--theme", "light"],
}


def slide(folder: Path, command: list[str]) -> str:
    path = folder / "slide.svg"
    result = run(*command, "--svg", str(path), "--force")
    assert result.code == 0, result
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(SLIDES))
def test_the_readme_slides_are_up_to_date(tmp_path: Path, name: str) -> None:
    assert f"({name})" in (ROOT / "README.md").read_text(encoding="utf-8")
    expected = (ROOT / name).read_text(encoding="utf-8") if (ROOT / name).exists() else ""
    assert slide(tmp_path, SLIDES[name]) == expected, (
        f"{name} is out of date: run python -m tests.test_pictures"
    )


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name, command in SLIDES.items():
            (ROOT / name).write_text(slide(Path(folder), command), encoding="utf-8")
            print(f"wrote {name}; look at it before committing", file=sys.stderr)
