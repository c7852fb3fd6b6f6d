"""The console script's entry point: the command line, ended quietly on Ctrl-C or a closed pipe.

It imports the command line itself, so that Ctrl-C during start-up ends as quietly as Ctrl-C
during a command (exit status 130, no traceback).
"""

import os
import sys


def main() -> None:
    # A terminal that cannot show a character (PYTHONIOENCODING=ascii, an old code page)
    # gets a "?" in its place rather than a crash; JSON escapes such characters instead.
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`kzreforms list | head -1`): send what is still buffered
        # nowhere, so that Python's own flush at exit does not complain, and stop.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
