"""Test-session settings shared by every test module."""

from __future__ import annotations

import os

from hypothesis import settings

# Property-based tests explore new inputs on a developer's machine; in CI (CI=true) they replay a
# fixed sequence, so a red CI always reproduces and never depends on the draw.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")
