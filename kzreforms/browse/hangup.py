"""Leaving when the terminal goes away: a closed terminal window, a dropped SSH connection, a
parent program that held the pseudo-terminal and ended.

A terminal that closes hangs up its side of the pseudo-terminal. Where that terminal is the
app's controlling terminal, the kernel sends SIGHUP, whose default ends the process. Where it is
not (a program ran ``kzreforms browse`` on a pseudo-terminal of its own and then ended), no signal
comes: Textual's input thread then reads end-of-file over and over and the app, with nobody to
see it, would spin on a core for ever. So a thread of ours waits, blocked in ``poll()`` and using
no CPU, for the hang-up on standard input or output, and then ends the app with status 129
(128 + SIGHUP, as a shell reports a hung-up command), at the latest a second later.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Callable, Sequence

HANGUP_STATUS = 129  # 128 + SIGHUP
GRACE = 1.0  # seconds the app has to end by itself before the process is ended


def hung_up(descriptors: Sequence[int], timeout: float | None = None) -> bool:
    """Wait until one of ``descriptors`` hangs up (True), or ``timeout`` seconds pass (False).

    Registered for no events, poll() reports only a hang-up, an error or a closed descriptor,
    so the data waiting on a terminal is left to the app."""
    poller = select.poll()
    for descriptor in descriptors:
        poller.register(descriptor, 0)
    return bool(poller.poll(None if timeout is None else int(timeout * 1000)))


def watch(
    descriptors: Sequence[int],
    end: Callable[[int], None],
    grace: float = GRACE,
    force: Callable[[int], None] = os._exit,
) -> threading.Thread:
    """Start a daemon thread that calls ``end(129)`` once a descriptor hangs up, and ``force(129)``
    if the process is still running ``grace`` seconds later."""

    def wait() -> None:
        hung_up(descriptors)
        with contextlib.suppress(RuntimeError):  # the app was not running yet, or no longer is
            end(HANGUP_STATUS)
        threading.Event().wait(grace)
        force(HANGUP_STATUS)

    thread = threading.Thread(target=wait, name="kzreforms-hangup", daemon=True)
    thread.start()
    return thread
