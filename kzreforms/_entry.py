"""The console script's entry point: the command line, with its output checked and its ends quiet.

- A failed write to stdout (a full disk, ``/dev/full``, a closed stdout) ends with one line on
  stderr and exit status 1; stdout is flushed and checked before exiting 0.
- A closed pipe (``kzreforms list | head -1``) ends quietly with status 1, Ctrl-C with 130.
- A closed or full stderr is not an error: the messages for it are dropped, exit codes stay.
- No line written to stdout as text ends in spaces (Rich pads lines; so does the help).

It holds the console script only: the command line is :mod:`kzreforms.cli`.

It imports the command line itself, so that Ctrl-C during start-up ends as quietly as Ctrl-C
during a command (exit status 130, no traceback).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, Any, NoReturn

from . import PROG
from .output import strip_trailing_spaces


class _Failed:
    """The first failure of a write to stdout, shared by its text and byte layers."""

    def __init__(self) -> None:
        self.error: OSError | None = None


class _Checked:
    """Stdout, remembering the first write that failed; a closed stdout (None) fails on the first write."""

    def __init__(self, stream: Any, failed: _Failed, text: bool) -> None:
        self._stream = stream
        self._failed = failed
        self._text = text
        self._held = ""  # text: the last, unfinished line, so that its trailing spaces can go

    def _call(self, name: str, *args: Any) -> Any:
        if self._failed.error is not None:
            raise self._failed.error
        if self._stream is None:
            self._failed.error = OSError(9, os.strerror(9))  # EBADF: stdout was closed
            raise self._failed.error
        try:
            return getattr(self._stream, name)(*args)
        except OSError as problem:
            self._failed.error = problem
            raise

    def write(self, data: Any) -> int:
        if self._text != isinstance(data, str):  # as the stream itself would (Click probes this way)
            raise TypeError(
                f"write() argument must be {'str' if self._text else 'bytes'}, not {type(data).__name__}"
            )
        if not data:  # writing nothing never fails
            return 0
        if not self._text:
            return int(self._call("write", data))
        finished, newline, rest = (self._held + data).rpartition("\n")
        self._held = rest
        if newline:
            self._call("write", strip_trailing_spaces(finished) + "\n")
        return len(data)

    def flush(self) -> None:
        if self._held:
            held, self._held = self._held, ""
            self._call("write", held)
        if self._stream is not None or self._failed.error is not None:  # a closed stdout holds nothing
            self._call("flush")

    @property
    def buffer(self) -> _Checked:
        stream = self._stream if self._stream is None else self._stream.buffer  # AttributeError if none
        return _Checked(stream, self._failed, text=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Quiet:
    """Stderr that never fails: closed (None), full or gone, its messages are dropped."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            self._stream.write(text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _plug(fd: int) -> None:
    """Open /dev/null on a closed standard descriptor, so that no file opened later lands there."""
    try:
        opened = os.open(os.devnull, os.O_RDWR)
    except OSError:  # pragma: no cover - no /dev/null
        return
    if opened != fd:
        os.dup2(opened, fd)
        os.close(opened)


def _silence(stream: IO[str] | None) -> None:
    """Send what stdout still holds to /dev/null, so that Python's flush at exit does not complain."""
    try:
        target = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return
    if target < 0:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, target)
    os.close(devnull)


def main() -> None:
    # A terminal that cannot show a character (PYTHONIOENCODING=ascii, an old code page)
    # gets a "?" in its place rather than a crash; JSON escapes such characters instead.
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    original_out, original_err = sys.stdout, sys.stderr
    for closed, fd in ((original_out, 1), (original_err, 2)):
        if closed is None:
            _plug(fd)
    failed = _Failed()
    out = _Checked(original_out, failed, text=True)
    sys.stdout, sys.stderr = out, _Quiet(original_err)
    code: Any = 0
    stopped = True
    try:
        from .cli import main as run

        run()
        stopped = False
    except SystemExit as stop:
        code = stop.code
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        code = 130
    except OSError as problem:
        # The reader went away (`kzreforms list | head -1`), or stdout failed: both below.
        if problem is not failed.error and not isinstance(problem, BrokenPipeError):
            sys.stdout, sys.stderr = original_out, original_err
            raise
        failed.error = failed.error or problem
        code = 1
    with contextlib.suppress(OSError):
        out.flush()  # the last check: a full disk may refuse only the last block
    lost = failed.error
    if lost is not None:
        if not isinstance(lost, BrokenPipeError):
            reason = lost.strerror or str(lost)
            sys.stderr.write(f"{PROG}: error: cannot write to standard output: {reason}\n")
            sys.stderr.flush()
        _silence(original_out)
        code = code if code not in (None, 0) else 1
    sys.stdout, sys.stderr = original_out, original_err
    if stopped or lost is not None:
        sys.exit(code)


def script() -> NoReturn:
    """The console script, ``kzreforms``: :func:`main`, then a quick exit.

    Once the output is flushed there is nothing left to do, yet the interpreter would spend
    about 10 ms tearing down every module it loaded (a tenth of the start-up budget). So the
    process ends with ``os._exit``, after flushing both streams itself; no kzreforms code
    relies on finalizers or atexit handlers, and the tests that call :func:`main` in-process
    are not affected.
    """
    code: object = 0
    try:
        main()
    except SystemExit as stop:
        code = stop.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"), as Python itself treats it
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
