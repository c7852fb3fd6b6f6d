"""The options of a view's picture (--svg, --html, --png, --scale, --title, --size, --theme, --force), declared once: :func:`picture_options` adds them to each command
that draws one (`show`, `list`, `thresholds`, `timeline`, `assessments`), which receives them together as one
:class:`PictureRequest` in its parameter ``request``. What they do is :mod:`kzreforms.pictures`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer


class PictureRequest(NamedTuple):
    """The picture options as given on the command line (None: not given)."""

    svg: Path | None = None
    html: Path | None = None
    png: Path | None = None
    scale: str | None = None
    title: str | None = None
    size: str | None = None
    theme: str | None = None
    force: bool = False

    def asked(self) -> bool:
        """Whether any picture option but --force was given."""
        return any(value is not None for value in self[:-1])


OPTIONS: dict[str, Any] = {
    "svg": Annotated[
        Path | None, typer.Option("--svg", help="Also save the view as an SVG picture.", metavar="FILE")
    ],
    "html": Annotated[
        Path | None, typer.Option("--html", help="Also save the view as an HTML page.", metavar="FILE")
    ],
    "png": Annotated[
        Path | None,
        typer.Option("--png", help="Also save the view as a PNG image (the SVG, rendered).", metavar="FILE"),
    ],
    "scale": Annotated[
        str | None,
        typer.Option(
            "--scale",
            help="Pixels of the --png image for each pixel of the SVG: 0.5 to 8 (default 2, for projectors).",
            metavar="N",
            show_default=False,
        ),
    ],
    "title": Annotated[
        str | None,
        typer.Option("--title", help="A title at the top of the picture, for a slide.", metavar="TEXT"),
    ],
    "size": Annotated[
        str | None,
        typer.Option(
            "--size",
            help="The picture's shape: slide (16:9, text large enough for a projector) or page (A4 portrait).",
            metavar="[slide|page]",
            show_default=False,
        ),
    ],
    "theme": Annotated[
        str | None,
        typer.Option(
            "--theme",
            help="Colours of the picture: dark (default for SVG and PNG) or light (default for HTML; "
            "for slides and print).",
            metavar="[dark|light]",
            show_default=False,
        ),
    ],
    "force": Annotated[bool, typer.Option("--force", help="Replace a picture's file if it exists.")],
}


def picture_options(function: Callable[..., None]) -> Callable[..., None]:
    """``function`` with the picture options added to its parameters, after its own; it is called
    with them as one :class:`PictureRequest` in its keyword ``request``."""
    own = [p for p in inspect.signature(function, eval_str=True).parameters.values() if p.name != "request"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=PictureRequest._field_defaults[name],
                          annotation=annotation)
        for name, annotation in OPTIONS.items()
    ]  # fmt: skip

    @functools.wraps(function)
    def with_picture(*args: Any, **kwargs: Any) -> None:
        request = PictureRequest(**{name: kwargs.pop(name) for name in OPTIONS})
        function(*args, request=request, **kwargs)

    parameters = [*own, *added]
    with_picture.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_picture.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_picture
