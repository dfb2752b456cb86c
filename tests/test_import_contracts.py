"""The layers written in pyproject.toml are enforced: a back edge makes ``lint-imports`` fail.

The project is copied to a temporary folder, one forbidden import is added per contract under
test, and import-linter is run on the copy; the contracts those imports break must be reported
broken, and the unchanged copy must pass. This proves the contracts check what
docs/ARCHITECTURE.md says they check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (file in the copy, line added at its end, contract id that must break)
BACK_EDGES = [
    ("assess/snapshot.py", "import assess.codescan.detector", "snapshot-self-contained"),
    ("assess/codescan/walker.py", "import assess.reporters", "codescan-beside-sources"),
    ("checks/se09_5_rotation.py", "import assess.http", "evaluation-offline"),
    ("assess/reporters/junit.py", "import azure.core", "azure-only-in-access-layer"),
    ("assess/collectors/monitor.py", "import assess.engine", "collection-blind-to-verdicts"),
    ("assess/scoring.py", "import assess.results", "assessment-layers"),
    ("assess/http.py", "import assess.collect", "collection-layers"),
    ("assess/reporters/sarif.py", "import assess.reporters.junit", "reporters-independent"),
]


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    return found


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("assess", "checks"):
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    return copy


def _run(copy: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    args = [_lint_imports(), "--no-cache", "--no-logo"]
    for contract in contracts:
        args += ["--contract", contract]
    return subprocess.run(
        args, cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_project_keeps_every_contract(tmp_path: Path) -> None:
    done = _run(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_each_back_edge_breaks_its_contract(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    for relative, line, _ in BACK_EDGES:
        target = copy / relative
        target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", "utf-8")
    done = _run(copy, *(contract for _, _, contract in BACK_EDGES))
    assert done.returncode != 0
    report = done.stdout
    broken = report.count(" BROKEN")
    assert broken == len(BACK_EDGES), report
    for relative, _, _ in BACK_EDGES:
        importer = relative.removesuffix(".py").replace("/", ".")
        assert importer in report, (importer, report)
