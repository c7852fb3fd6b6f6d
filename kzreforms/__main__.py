"""``python -m kzreforms``."""

from ._entry import main

if __name__ == "__main__":  # pragma: no branch
    main()
