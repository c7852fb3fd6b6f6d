"""`kzreforms browse`: the entries, a filter box and the views in one full-screen Textual app.

Nothing here imports Textual at the top: the command checks for a terminal first, and only
then :func:`run` loads the app. The other commands never import this package.

    app.py        the App: holds the data, quits on q and Ctrl-C
    screens.py    the main screen: wires the widgets together with messages, owns the view keys
    widgets.py    the filter bar, the list of entries and the viewer, each with its keys and CSS
    dialogs.py    help (every key) and the topic / status / period pickers
    filtering.py  filters -> the entries to list (pure: search's engine, query's filters)
    views.py      what the right pane shows, from render's renderables (pure)
    links.py      opening a source's address, or copying it
    hangup.py     ending the app when its terminal goes away
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Dataset
    from ..search import Index


def needs_terminal() -> str | None:
    """Why the app cannot run here (a sentence), or None when stdin and stdout are a terminal."""
    from ..output import dumb_terminal

    if dumb_terminal():
        return f"browse needs a terminal that can draw a screen (TERM is '{os.environ.get('TERM', '')}')"
    for name, stream in (("standard output", sys.stdout), ("standard input", sys.stdin)):
        isatty = getattr(stream, "isatty", None)
        if stream is None or isatty is None or not isatty():
            return f"browse needs a terminal ({name} is not one); try 'kzreforms list' or 'kzreforms search'"
    return None


def run(dataset: Dataset, index: Index, query: str = "") -> int:
    """Run the app in this terminal until the user quits (exit status 0) or the terminal goes
    away (129)."""
    from . import hangup
    from .app import BrowseApp

    app = BrowseApp(dataset, index, query)
    descriptors = []
    for stream in (sys.stdin, sys.stdout):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # no descriptor: nothing to watch
            descriptors.append(stream.fileno())
    if descriptors:
        hangup.watch(descriptors, lambda status: app.call_from_thread(app.exit, status, status))
    app.run()
    return app.return_code or 0
