"""What the fault-injection tests share: the stand-in's configuration, a fake credential, a scan."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import time
from pathlib import Path
from typing import Any

from azure.core.credentials import AccessToken
from standin import StandIn

from assess.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "cassettes" / "demo-contoso.yaml"
AS_OF = "2026-11-01T00:00:00Z"
TIMEOUT, BUDGET = 2, 6
CONFIG = f"""
[collect]
max_workers = 4
timeout_seconds = {TIMEOUT}
retry_budget_seconds = {BUDGET}
# The stand-in answers for Resource Manager only; vaults' data planes are hosts of their own.
key_vault_data = false
"""


class FakeCredential:
    """A credential whose token names a service principal (what the tool reads of a token)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        claims = {"tid": "cccccccc-0000-4000-8000-00000000c0de", "oid": "0" * 8, "idtyp": "app"}
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        return AccessToken(f"eyJhbGciOiJub25lIn0.{payload}.sig", int(time.time()) + 3600)


def scan(standin: StandIn, folder: Path) -> tuple[int, str, dict[str, Any] | None, float]:
    """``assess scan`` against the stand-in: exit code, stderr, results (if written), seconds."""
    config = folder / "assess.toml"
    config.write_text(CONFIG)
    out = folder / "results.json"
    args = ["scan", "--arm-endpoint", standin.base, "--all-subscriptions", "--as-of", AS_OF]
    args += ["-f", "json", "-o", str(out), "--config", str(config), "-q"]
    stderr = io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stderr(stderr):
        code = main(args)
    elapsed = time.monotonic() - start
    results = json.loads(out.read_text()) if out.exists() else None
    return code, stderr.getvalue(), results, elapsed


def scan_every_output(
    standin: StandIn, folder: Path, repo: Path, *extra: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """``assess scan --debug --record --snapshot --repo`` against the stand-in, writing every
    report format: the results, and the text of every place a value could leak to (stdout,
    stderr, each report file, the recording, the snapshot and the PDF's extracted text)."""
    from pypdf import PdfReader

    config = folder / "assess.toml"
    config.write_text(CONFIG)
    out, cassette, snapshot = folder / "out", folder / "run.yaml", folder / "snapshot.json"
    args = ["scan", "--arm-endpoint", standin.base, *extra, "--all-subscriptions"]
    args += ["--as-of", AS_OF, "--config", str(config), "--debug", "--record", str(cassette)]
    args += ["--snapshot", str(snapshot), "--repo", str(repo)]
    args += ["-f", "table,json,html,pdf,md,sarif,junit", "-o", str(out)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    assert code == 0, stderr.getvalue()[-2000:]
    texts = {"stdout": stdout.getvalue(), "stderr (--debug)": stderr.getvalue()}
    for path in [*out.iterdir(), cassette, snapshot]:
        texts[path.name] = path.read_bytes().decode("utf-8", "replace")
    pages = PdfReader(io.BytesIO((out / "report.pdf").read_bytes())).pages
    texts["report.pdf text"] = "".join("".join(p.extract_text() or "" for p in pages).split())
    assert len(texts) == 11  # stdout, stderr, 6 report files, recording, snapshot, PDF text
    return json.loads((out / "report.json").read_text()), texts
