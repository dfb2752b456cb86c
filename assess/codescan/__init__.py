"""Source and build-artifact scanning for hard-coded secrets (SE:09 item 4).

``scan.scan_paths`` is the entry point: it walks paths (``walker``), opens archives
(``archives``), decodes text (``textdecode``), runs the detector (``detector``) and records
only redacted findings (``model``). ``githistory`` adds every blob of a repository's history,
``evidence`` looks for a scanner that runs before code lands, ``imports`` reads other scanners'
reports. No secret value leaves the worker process that found it.

The detector on its own::

    from assess.codescan import Detector
    detector = Detector()                      # packaged rules, fastest installed engine
    for match in detector.scan_text(text, path="app/settings.py"):
        ...  # keep match.rule_id, location, redact.preview(match.secret), a fingerprint

``detect_binary(data, path)`` recognises PKCS#12 (PFX) containers; rules live as data in
``rules/*.toml`` (one file per family), validated by ``rules.load_rules``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assess.codescan.detector import (
        Detector,
        Match,
        detect_binary,
        is_lock_file,
        looks_like_placeholder,
    )
    from assess.codescan.engines import available as available_engines
    from assess.codescan.rules import RULES_VERSION, Rule, RuleError, RuleSet, load_rules

# Imported on first use: importing a module of this package (the CLI does, at start-up) does not
# compile the rules.
_LAZY = {
    "Detector": ("assess.codescan.detector", "Detector"),
    "Match": ("assess.codescan.detector", "Match"),
    "detect_binary": ("assess.codescan.detector", "detect_binary"),
    "is_lock_file": ("assess.codescan.detector", "is_lock_file"),
    "looks_like_placeholder": ("assess.codescan.detector", "looks_like_placeholder"),
    "available_engines": ("assess.codescan.engines", "available"),
    "RULES_VERSION": ("assess.codescan.rules", "RULES_VERSION"),
    "Rule": ("assess.codescan.rules", "Rule"),
    "RuleError": ("assess.codescan.rules", "RuleError"),
    "RuleSet": ("assess.codescan.rules", "RuleSet"),
    "load_rules": ("assess.codescan.rules", "load_rules"),
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(target[0]), target[1])


__all__ = [
    "RULES_VERSION",
    "Detector",
    "Match",
    "Rule",
    "RuleError",
    "RuleSet",
    "available_engines",
    "detect_binary",
    "is_lock_file",
    "load_rules",
    "looks_like_placeholder",
]
