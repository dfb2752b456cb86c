"""Shared fixtures for the collection tests (no tests here)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from assess.collect import CollectOptions
from assess.registry import RegisteredCheck, Registry, _module_metadata, build_check, specs_in

UNIT = Path(__file__).parent / "cassettes_unit"
# Microsoft's published examples and recorded Azure traffic sit in a folder named "shared" beside
# the checkout; they are read from there, never copied into the project.
SHARED = Path(__file__).resolve().parents[2] / "shared"
RECORDINGS = SHARED / "azure-recordings"
EXAMPLES = SHARED / "azure-api-examples"


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or a skip with the reason when the checkout stands alone."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"../shared/{'/'.join(parts)} is not beside this checkout (Microsoft's examples and "
            "recordings are read from there, never copied into the project)"
        )
    return path


ARM = "https://management.azure.com"
SUB_A = "00000000-0000-0000-0000-00000000000a"
SUB_B = "00000000-0000-0000-0000-00000000000b"
CANARY = "CANARY-do-not-leak-7f3c9e"


def replay_options(cassette: str, **overrides: object) -> CollectOptions:
    values: dict[str, object] = {
        "subscriptions": (SUB_A, SUB_B),
        "replay": UNIT / cassette,
        "max_workers": 4,
    }
    values.update(overrides)
    return CollectOptions(**values)  # type: ignore[arg-type]


def builtin_registry() -> Registry:
    """The built-in checks whose modules load (others may be mid-edit in a working tree)."""
    import checks

    found: list[RegisteredCheck] = []
    for name in checks.BUILTIN_MODULES:
        try:
            module = importlib.import_module(name)
            table = _module_metadata(module)
            found += [build_check(spec, table) for spec in specs_in(module)]
        except Exception:  # noqa: S112 - a half-written module is not this test's subject
            continue
    return Registry(found)
