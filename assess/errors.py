"""Every error a user can meet, one class each, with one clear message and an exit code.

    AssessError                 base; ``exit_code`` 2 unless a subclass says otherwise
    ├── UsageError              a bad flag value, an unknown check id, an invalid date (2)
    ├── InputError              a missing or corrupt file: cassette, snapshot, results, config (2)
    │   └── SchemaVersionError  a snapshot or results file written by another schema version (2)
    ├── AuthError               no credential worked, or the login expired (3)
    └── CollectionError         the estate could not be read at all (4)

Anything that is not an ``AssessError`` is a bug: the CLI prints one line naming it and asks for
``--debug``, which shows the traceback.
"""

from __future__ import annotations


class AssessError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class UsageError(AssessError):
    """The command line asked for something that cannot be: exit code 2."""


class InputError(AssessError):
    """A file given to the tool is missing, unreadable or malformed: exit code 2."""


class SchemaVersionError(InputError):
    """A snapshot or results file of a schema version this tool does not read."""


class AuthError(AssessError):
    """No credential could get a token: exit code 3."""

    exit_code = 3


class CollectionError(AssessError):
    """Nothing could be collected at all (every call failed): exit code 4."""

    exit_code = 4


def first_problem(exc: Exception) -> str:
    """``field.path: message`` for the first error of a pydantic ``ValidationError``."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    found = errors()
    if not found:
        return str(exc)
    where = _printable(".".join(str(p) for p in found[0].get("loc", ())))
    message = _printable(str(found[0].get("msg")))
    return f"{where}: {message}" if where else message


def _printable(text: str) -> str:
    """``text`` on one line: a file's own keys (a field path) may hold line breaks or escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_COLLECTION = 4
EXIT_INTERNAL = 70
