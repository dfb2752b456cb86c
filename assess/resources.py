"""Locate packaged data (report templates, the demo cassette) in a wheel or a source checkout.

In a wheel, hatch force-includes ``report_templates/`` and ``cassettes/demo-contoso.yaml`` under
``assess/_data/``. In a source checkout (or an editable install) they sit at the repository root.
"""

from __future__ import annotations

from pathlib import Path

from assess.errors import InputError

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """Path of packaged data ``name`` (e.g. ``report_templates`` or ``cassettes/demo-contoso.yaml``)."""
    for base in (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise InputError(
        f"packaged data {name!r} is missing from this installation",
        hint="reinstall waf-assess",
    )
