"""``--format json``: the full results, deterministic (sorted keys, findings sorted)."""

from __future__ import annotations

from assess.reporters import RenderOptions
from assess.results import Results, results_json


def render(results: Results, options: RenderOptions) -> str:
    return results_json(results)
