"""Test-session settings shared by every test module."""

from __future__ import annotations

import os

from hypothesis import settings

# Property-based tests explore new inputs on a developer's machine; in CI (CI=true) they replay a
# fixed sequence, so a red CI always reproduces and never depends on the draw.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")

# The fast engine keeps its compiled database in the user's cache folder; the tests keep theirs
# in a folder of the session's own (tests that exercise the cache set their own folder).
if "WAF_ASSESS_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="waf-assess-test-cache-")
    os.environ["WAF_ASSESS_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
