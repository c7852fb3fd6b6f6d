"""``python -m kzreforms`` (the console script, ``kzreforms``, also skips the interpreter's teardown)."""

from ._entry import main

if __name__ == "__main__":  # pragma: no branch
    main()
