"""Writing files safely: a temporary file in the same folder, fsync, rename; never a clobber.

Every file the tool writes (``export --output``, ``schema --output``, ``--svg``, ``--html``)
goes through :func:`write_atomic`: an existing file is replaced only with ``--force``, and a
write that fails or is interrupted leaves it as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


class WriteError(Exception):
    """A file that could not be written; the message is one line naming it."""


def check_target(path: Path, force: bool = False) -> None:
    """Raise WriteError unless ``path`` can be written: a file in an existing folder, new or forced."""
    if path.is_dir():
        raise WriteError(f"{path}: is a folder")
    if path.exists() and not path.is_file():  # never replace a device such as /dev/null
        raise WriteError(f"{path}: not a regular file")
    if not path.parent.is_dir():
        raise WriteError(f"{path}: no such folder: {path.parent}")
    if path.exists() and not force:
        raise WriteError(f"{path}: already exists (use --force to replace it)")


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file, however spelled: ``x``, ``./x``, ``d/../x``, a link to it."""
    import os

    try:
        if os.path.samefile(first, second):
            return True
    except (OSError, ValueError):  # a file that does not exist yet, or a name with a NUL
        pass
    return os.path.normcase(os.path.realpath(first)) == os.path.normcase(os.path.realpath(second))


def write_atomic(path: Path, text: str | bytes, force: bool = False) -> None:
    """Write ``text`` (as UTF-8, or bytes as they are) to ``path`` through a temporary file in the same folder, then rename.

    An existing file is replaced only with ``force``; if anything fails, it is left as it was.
    A symbolic link is kept, and the file it points to replaced (as ``>`` would write
    through it). The temporary file has a short name of its own (a name of 255 bytes can be
    written), and SIGTERM or SIGHUP during the write removes it before the process exits.
    """
    import os

    def write(handle: int, temporary: str) -> None:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())

    write_atomic_with(path, write, force)


def write_atomic_with(path: Path, write: Callable[[int, str], None], force: bool = False) -> None:
    """As :func:`write_atomic`, with ``write(handle, name)`` filling the temporary file (open as
    ``handle``, which ``write`` closes) and syncing it to disk: how the SQLite export is written."""
    import os
    import tempfile

    check_target(path, force)
    if force and os.path.islink(path):
        path = Path(os.path.realpath(path))
        check_target(path, force)
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    pending: list[str] = []  # the temporary file, while it exists
    restore = _remove_on_signals(pending)
    try:
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kzreforms-", suffix=".tmp")
        except OSError as error:
            raise WriteError(f"{path}: cannot write in {folder} ({error.strerror})") from None
        pending.append(temporary)
        try:
            write(handle, temporary)
            os.chmod(temporary, mode)
            if force:
                os.replace(temporary, path)
            else:
                try:
                    os.link(temporary, path)  # fails if the file appeared meanwhile: never clobbers
                except FileExistsError:
                    raise WriteError(f"{path}: already exists (use --force to replace it)") from None
                except OSError:  # pragma: no cover - a file system without hard links
                    if path.exists():
                        raise WriteError(f"{path}: already exists (use --force to replace it)") from None
                    os.replace(temporary, path)
        except OSError as error:
            raise WriteError(f"{path}: cannot be written ({error.strerror or error})") from None
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
            pending.clear()
    finally:
        restore()


# Signals that end the process by default; Ctrl-C (SIGINT) raises KeyboardInterrupt instead,
# and the ``finally`` above removes the file then.
_ENDING_SIGNALS = ("SIGTERM", "SIGHUP")


def _remove_on_signals(pending: list[str]) -> Callable[[], None]:
    """Handlers for SIGTERM and SIGHUP that remove the files in ``pending`` and exit with
    128 + the signal's number, as a shell reports a process the signal ended. A signal that
    is ignored (``nohup``) stays ignored. Returns what puts the previous handlers back."""
    import os
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():  # pragma: no cover
        return lambda: None  # only the main thread may set handlers

    def end(number: int, frame: object) -> None:  # pragma: no cover - tested in a subprocess
        for name in pending:
            with contextlib.suppress(OSError):
                os.unlink(name)
        os._exit(128 + number)

    previous: dict[int, Any] = {}
    for name in _ENDING_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, end)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore
