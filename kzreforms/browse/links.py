"""A source's address: opened in the web browser where there is a graphical one, else copied.

Python's :mod:`webbrowser` also knows text browsers (lynx, w3m, www-browser) and runs a
``$BROWSER`` command in the foreground: either would take over the terminal the app is
drawing on, so for those, and where there is no browser at all (over SSH), the address is
copied to the clipboard instead (OSC 52, which most terminals and tmux pass on).
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

from ..formats import one_line, shorten


def open_or_copy(url: str, copy: Callable[[str], None]) -> str:
    """Open ``url`` or ``copy`` it; the sentence that says which was done."""
    try:
        browser: webbrowser.BaseBrowser | None = webbrowser.get()
    except webbrowser.Error:
        browser = None
    shown = shorten(one_line(url), 70)
    if browser is not None and type(browser) is not webbrowser.GenericBrowser:
        try:
            opened = browser.open(url, new=2)
        except OSError:
            opened = False
        if opened:
            return f"Opened {shown} in the web browser."
    copy(url)
    return f"Copied {shown} to the clipboard (no graphical web browser here)."
