"""The colours of before and after say nothing good or bad, can be read, and stay apart for readers
with red-green colour blindness: in the terminal and in both themes of the pictures.

The contrast is WCAG 2's (relative luminance of sRGB). Colour blindness is simulated with the
matrices of Machado, Oliveira and Fernandes (2009, severity 1.0) on linear RGB, and two colours
are apart by their hue and chroma alone (the distance of their a* and b* in CIELAB, D65), so
that a pair told apart only by lightness, as red and green are by protanopes, does not pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzreforms.layout import BACKGROUNDS, THEME_COLOURS

from .conftest import SAMPLE, run

Matrix = tuple[tuple[float, float, float], ...]
PROTANOPIA: Matrix = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTERANOPIA: Matrix = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
NORMAL: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
VISION = {"normal": NORMAL, "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}
APART = 50  # told apart at a glance by their colour (the terminal's red and green, simulated: 9 and 36)


def linear(colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def luminance(colour: str) -> float:
    r, g, b = linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def seen(colour: str, vision: Matrix) -> tuple[float, float, float]:
    """The colour in CIELAB as a reader with ``vision`` sees it."""
    rgb = linear(colour)
    r, g, b = (min(1.0, max(0.0, sum(row[i] * rgb[i] for i in range(3)))) for row in vision)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return float(t ** (1 / 3)) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(one: str, other: str, vision: Matrix) -> float:
    """How far apart two colours are, by hue and chroma (a*, b*), as a reader with ``vision`` sees them."""
    (_, a1, b1), (_, a2, b2) = seen(one, vision), seen(other, vision)
    return float(((a1 - a2) ** 2 + (b1 - b2) ** 2) ** 0.5)


def test_every_theme_has_its_colours_and_its_backgrounds() -> None:
    assert list(THEME_COLOURS) == list(BACKGROUNDS) == ["terminal", "dark", "light"]
    assert THEME_COLOURS["terminal"] == ("#007BC0", "#C15500", "#8C8C8C")
    assert THEME_COLOURS["dark"] == ("#56B4E9", "#E69F00", "#8C8C8C")
    assert THEME_COLOURS["light"] == ("#0072B2", "#B75100", "#8C8C8C")


@pytest.mark.parametrize("theme", list(THEME_COLOURS))
def test_before_and_after_can_be_read_on_the_background(theme: str) -> None:
    palette = THEME_COLOURS[theme]
    for background in BACKGROUNDS[theme]:
        assert contrast(palette.before, background) >= 4.5, (theme, background)  # text
        assert contrast(palette.after, background) >= 4.5, (theme, background)
        assert contrast(palette.step, background) >= 3, (theme, background)  # a bar, not text


@pytest.mark.parametrize("vision", list(VISION))
@pytest.mark.parametrize("theme", list(THEME_COLOURS))
def test_before_and_after_stay_apart_for_colour_blind_readers(theme: str, vision: str) -> None:
    palette = THEME_COLOURS[theme]
    assert distance(palette.before, palette.after, VISION[vision]) >= APART
    assert distance(palette.before, palette.step, VISION[vision]) >= APART / 2
    assert distance(palette.after, palette.step, VISION[vision]) >= APART / 2


def test_red_and_green_would_not_stay_apart() -> None:
    # The colours before this palette (the terminal's red and green, as xterm draws them): the
    # simulation tells them apart in normal vision and not in the other two, so the test above can fail.
    red, green = "#CD0000", "#00CD00"
    assert distance(red, green, NORMAL) >= APART
    assert distance(red, green, PROTANOPIA) < APART
    assert distance(red, green, DEUTERANOPIA) < APART


def test_the_terminal_shows_before_and_after_in_blue_and_orange() -> None:
    result = run("--data", str(SAMPLE), "--color", "always", "thresholds", env={"COLORTERM": "truecolor"})
    assert result.code == 0
    colours = set(re.findall(r"\x1b\[[0-9;]*38;2;(\d+);(\d+);(\d+)[;m]", result.stdout))
    assert {("0", "123", "192"), ("193", "85", "0"), ("140", "140", "140")} <= colours
    assert not re.search(r"\x1b\[[0-9;]*3[12]m", result.stdout)  # no red, no green


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("kind", ["svg", "html"])
def test_a_picture_takes_the_colours_of_its_theme(tmp_path: Path, theme: str, kind: str) -> None:
    path = tmp_path / f"thresholds.{kind}"
    result = run("--data", str(SAMPLE), "thresholds", f"--{kind}", str(path), "--theme", theme)
    assert result.code == 0, result
    picture = path.read_text(encoding="utf-8").lower()
    for colour in THEME_COLOURS[theme]:
        assert colour.lower() in picture
    terminal = THEME_COLOURS["terminal"]
    assert terminal.before.lower() not in picture and terminal.after.lower() not in picture


def test_a_picture_leaves_the_terminal_its_own_colours(tmp_path: Path) -> None:
    # A picture is recorded without a colour system: Rich keeps the escape codes of a style the
    # first time it renders it, so a truecolor recording would leave them to the next run in the process.
    assert run("--data", str(SAMPLE), "show", "2", "--svg", str(tmp_path / "two.svg")).code == 0
    shown = run("--data", str(SAMPLE), "show", "2", columns=200, env={"FORCE_COLOR": "1"}).stdout
    assert "A political party \x1b[1;36mneeded 40,000\x1b[0m members" in shown  # blue in 8 colours: cyan
