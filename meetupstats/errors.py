"""The one exception hierarchy of meetupstats, and the problem records it carries.

Every error a user can cause (a bad logbook, a wrong export file, a bad
command-line value) is a :class:`MeetupStatsError`; the command line turns it
into one line per problem on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a file.

    Rendered as ``file:line: column: message`` (line 1 is the header row);
    ``line`` and ``column`` are left out when they do not apply.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.line is not None and not isinstance(self.line, int):
            object.__setattr__(self, "line", int(self.line))  # e.g. a numpy integer

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = self.message if not self.column else f"{self.column}: {self.message}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


class MeetupStatsError(Exception):
    """Root of every error meetupstats raises on purpose."""


class UsageError(MeetupStatsError):
    """A command-line value that cannot be used (bad year, unknown folder, ...)."""


class ProblemsError(MeetupStatsError):
    """An error that carries every :class:`Problem` found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LogbookError(ProblemsError):
    """The logbook folder has one or more errors (see :attr:`problems`)."""


class ImportFileError(ProblemsError):
    """An export file given to ``import`` cannot be read as that source."""


class LockError(MeetupStatsError):
    """Another meetupstats process holds the logbook's lock for too long."""


class ReportError(MeetupStatsError):
    """Rendering the report failed (a notebook cell raised)."""
