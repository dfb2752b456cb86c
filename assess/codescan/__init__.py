"""Credential detection in source trees and build artifacts (SE:09 item 4).

    from assess.codescan import Detector, load_rules
    detector = Detector()                      # packaged rules, fastest installed engine
    for match in detector.scan_text(text, path="app/settings.py"):
        ...  # keep match.rule_id, location, redact.preview(match.secret), a fingerprint

``detect_binary(data, path)`` recognises PKCS#12 (PFX) containers in binary files.
"""

from assess.codescan.detector import (
    Detector,
    Match,
    detect_binary,
    is_lock_file,
    looks_like_placeholder,
)
from assess.codescan.engines import available as available_engines
from assess.codescan.rules import RULES_VERSION, Rule, RuleError, RuleSet, load_rules

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
