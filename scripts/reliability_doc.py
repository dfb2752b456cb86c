"""Write docs/reliability.md from the fault-injection suite's cases (tests/faults/cases.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "faults"))

from cases import render_markdown  # noqa: E402


def main() -> None:
    target = ROOT / "docs" / "reliability.md"
    target.write_text(render_markdown(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
