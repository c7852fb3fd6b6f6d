"""The errors a data file can cause, apart from everything else so that any module can raise them."""

from __future__ import annotations


class DataError(Exception):
    """A data file that cannot be used; ``problems`` holds one line per problem found."""

    def __init__(self, problems: list[str]) -> None:
        from .formats import one_line

        # Keys, values and file names in a message come from outside: one line each, always.
        self.problems = [one_line(problem) for problem in problems]
        super().__init__(self.problems[0])

    def __str__(self) -> str:
        first = self.problems[0]
        more = len(self.problems) - 1
        if more:
            return f"{first} (and {more} more {'problem' if more == 1 else 'problems'})"
        return first


class UnreadableFile(DataError):
    """A data file that cannot be opened at all: missing, a folder, no permission, a symlink loop."""
