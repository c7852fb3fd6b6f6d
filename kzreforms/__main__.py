"""``python -m kzreforms``."""

from .cli import main

if __name__ == "__main__":  # pragma: no branch
    main()
