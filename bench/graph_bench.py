"""Microsoft Graph: raw REST through azure-core (what the collector does) against msgraph-sdk.

Measures, on the same machine and the same synthetic ``/applications`` pages (999 app
registrations a page, each with two client secrets and a certificate, in Graph's documented shape):

* start-up: what importing the collector's Graph module adds to the collector's own imports
  (azure-core, the snapshot models), against what ``msgraph.GraphServiceClient`` adds to
  azure-core and azure-identity (fresh interpreters, best of five each);
* CPU to turn one page into records: ``json.loads`` + :func:`assess.collectors.graph.parse_application`
  against kiota's JSON parse node building ``ApplicationCollectionResponse`` models (what every
  msgraph-sdk call does before the caller sees a value);
* weight: the installed size and number of distributions msgraph-sdk adds to waf-assess's own
  (raw REST adds none: azure-core is already the collector's client).

msgraph-sdk is not a dependency of waf-assess; give an interpreter that has it::

    python -m venv /tmp/msgraph && /tmp/msgraph/bin/pip install msgraph-sdk
    python bench/graph_bench.py --sdk-python /tmp/msgraph/bin/python

Without ``--sdk-python`` only the collector's own figures are printed. The target is the one the
collector was chosen by: raw REST costs less than the SDK on each of the three measures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGE = 999


def page(n: int = PAGE) -> str:
    """One ``GET /applications`` page in Graph's shape (passwordCredential, keyCredential)."""

    def password(i: int, k: int) -> dict[str, object]:
        return {
            "customKeyIdentifier": None,
            "displayName": f"secret-{k}",
            "endDateTime": "2027-03-01T10:00:00.1234567Z",
            "hint": "abc",
            "keyId": f"0d4c0e39-1f5a-4f0b-9f6e-{i:08d}{k:04d}",
            "secretText": None,
            "startDateTime": "2026-09-01T10:00:00.1234567Z",
        }

    value = [
        {
            "id": f"11111111-0000-4000-8000-{i:012d}",
            "appId": f"22222222-0000-4000-8000-{i:012d}",
            "displayName": f"app-{i}",
            "tags": [],
            "passwordCredentials": [password(i, 1), password(i, 2)],
            "keyCredentials": [
                {
                    "customKeyIdentifier": "52B9A2C6A4B0F33F8A0A4D1B66C8D1F3C1E6A2B0",
                    "displayName": "CN=app",
                    "endDateTime": "2027-06-01T00:00:00Z",
                    "key": None,
                    "keyId": f"0d4c0e39-1f5a-4f0b-9f6e-{i:012d}",
                    "startDateTime": "2026-06-01T00:00:00Z",
                    "type": "AsymmetricX509Cert",
                    "usage": "Verify",
                }
            ],
            "federatedIdentityCredentials": [],
        }
        for i in range(n)
    ]
    return json.dumps(
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications",
            "value": value,
        }
    )


OURS = """
import json, sys, time
from assess.collectors.graph import parse_application
body = sys.stdin.read()
best = None
for _ in range(5):
    start = time.process_time()
    apps = [parse_application(v) for v in json.loads(body)["value"]]
    spent = time.process_time() - start
    best = spent if best is None else min(best, spent)
print(json.dumps({"ms": best * 1000, "records": len(apps)}))
"""

SDK = """
import json, sys, time
from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory
from msgraph.generated.models.application_collection_response import ApplicationCollectionResponse
body = sys.stdin.read().encode()
factory = JsonParseNodeFactory()
best = None
for _ in range(5):
    start = time.process_time()
    node = factory.get_root_parse_node("application/json", body)
    parsed = node.get_object_value(ApplicationCollectionResponse)
    spent = time.process_time() - start
    best = spent if best is None else min(best, spent)
print(json.dumps({"ms": best * 1000, "records": len(parsed.value)}))
"""

WEIGHT = """
import json, importlib.metadata as md, re, sys
ours = set(json.loads(sys.stdin.read()))
seen, todo, size, new = set(), ["msgraph-sdk"], 0, 0
while todo:
    name = re.split(r"[ ;<>=!~\\[]", todo.pop())[0].lower().replace("_", "-")
    if not name or name in seen:
        continue
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        continue
    seen.add(name)
    if name not in ours:
        new += 1
        size += sum((f.size or 0) for f in dist.files or ())
    todo += [r for r in dist.requires or () if "extra ==" not in r]
print(json.dumps({"distributions": new, "mb": size / 1e6,
                  "msgraph_sdk_mb": sum((f.size or 0) for f in md.distribution("msgraph-sdk").files or ()) / 1e6}))
"""


def _import_ms(python: str, statement: str) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([python, "-c", statement], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _run(python: str, code: str, body: str = "") -> dict[str, float]:
    done = subprocess.run(
        [python, "-c", code], input=body, capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sdk-python", help="an interpreter with msgraph-sdk installed")
    args = parser.parse_args(argv)
    body = page()
    # What Graph adds to start-up on top of what the collector loads anyway (azure-core, the
    # snapshot models): the collector's Graph module, against msgraph-sdk over azure-core.
    base = _import_ms(sys.executable, "import assess.collectors._base")
    ours_import = _import_ms(sys.executable, "import assess.collectors.graph") - base
    ours = _run(sys.executable, OURS, body)
    print(f"page: {PAGE} app registrations, {len(body) / 1e6:.2f} MB of JSON")
    print(f"{'measure':<34}{'raw REST':>12}{'msgraph-sdk':>14}  target")
    sdk_import = sdk = weight = None
    if args.sdk_python:
        core = "import azure.core.pipeline, azure.identity"
        sdk_import = _import_ms(
            args.sdk_python, f"{core}; from msgraph import GraphServiceClient"
        ) - _import_ms(args.sdk_python, core)
        sdk = _run(args.sdk_python, SDK, body)
        import importlib.metadata as md

        ours_installed = sorted(
            {(d.metadata["Name"] or "").lower().replace("_", "-") for d in md.distributions()}
        )
        weight = _run(args.sdk_python, WEIGHT, json.dumps(ours_installed))
    rows = [
        (
            "start-up added to azure-core's, ms",
            ours_import,
            sdk_import,
        ),
        ("CPU per page, ms", ours["ms"], sdk["ms"] if sdk else None),
    ]
    for label, mine, theirs in rows:
        other = f"{theirs:>14.0f}" if theirs is not None else f"{'-':>14}"
        verdict = "" if theirs is None else ("raw REST lower: met" if mine < theirs else "NOT met")
        print(f"{label:<34}{mine:>12.0f}{other}  {verdict}")
    if weight:
        print(
            f"{'added install, MB (distributions)':<34}{'0 (0)':>12}"
            f"{weight['mb']:>9.0f} ({weight['distributions']:.0f})  raw REST lower: met"
            f"  [msgraph-sdk alone {weight['msgraph_sdk_mb']:.0f} MB]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
