"""The ``assess`` console script: runs a command and turns every error into one line and an exit code.

``assess scan-code`` runs in pre-commit hooks on every commit, so it starts without importing
the Azure side of the tool (collection, checks, scoring, reports): a plain command line is read
without Typer (:mod:`assess.commands.scan_code_run`), anything else (``--help``, a mistake) by a
Typer app of its own (:mod:`assess.commands.scan_code`), and every other command goes through
:mod:`assess.cli`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from assess.errors import EXIT_INTERNAL, AssessError

if TYPE_CHECKING:
    import typer
    from rich.console import Console

LIGHT_COMMANDS = frozenset({"scan-code"})
"""Commands that start without loading the assessment pipeline."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error ends as one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    if args and args[0] in LIGHT_COMMANDS:
        from assess.commands.scan_code_run import quick_parse, run

        quick = quick_parse(args[1:])
        if quick is not None:
            with _terminate_cleanly():
                return guarded(lambda: run(quick), debug)
        from assess.commands.scan_code import app as scan_code_app

        app, args, prog = scan_code_app, args[1:], f"assess {args[0]}"
    else:
        from assess.cli import app

        prog = "assess"
    with _terminate_cleanly():
        return run_app(app, args, prog, debug)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C (a file being written is removed, the previous one kept) and
    exits 143, instead of killing the process where it stands."""

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stderr() -> Console:
    """Rich's stderr console, loaded when there is an error to print (a clean run needs none)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def run_app(app: typer.Typer, args: list[str], prog: str, debug: bool) -> int:
    """Run a Typer app to its exit code, printing errors as one line (a traceback with --debug)."""

    def call() -> int:
        app(args=args, prog_name=prog, standalone_mode=True)
        return 0

    return guarded(call, debug)


def guarded(call: Callable[[], int], debug: bool) -> int:
    """Run ``call`` to its exit code, printing errors as one line (a traceback with --debug).

    Ctrl-C ends with 130, a closed pipe with 1 (as inside Typer)."""
    from assess.visible import visible_line

    try:
        return call()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except AssessError as exc:
        if debug:
            _stderr().print_exception()
        _stderr().print(f"error: {visible_line(str(exc))}", markup=False, highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        _stderr().print("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (``assess scan-code . -f json | head``): exit 1 as Click does, with
        # stdout pointed at /dev/null so that flushing it at exit raises nothing more.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if debug:
            _stderr().print_exception()
        _stderr().print(
            f"internal error: {type(exc).__name__}: {visible_line(str(exc))} "
            "(run again with --debug for details)",
            markup=False,
            highlight=False,
        )
        return EXIT_INTERNAL
