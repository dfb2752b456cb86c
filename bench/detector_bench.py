"""Throughput of the credential detector, per prefilter engine, against a plain-regex baseline.

Generates a deterministic mixed corpus (source code, JSON configuration, lock files with integrity
hashes, base64 blobs, a minified bundle with megabyte lines) with a known number of planted fake
credentials, then scans it as files with every installed engine and prints one table:

    engine      MB      seconds   MB/s    found/planted

The baseline runs every rule's full pattern over each file with stdlib ``re`` (no prefilter, no
windows): what a straightforward scanner does. It is measured on a slice of the corpus (it is slow)
and reported as MB/s of that slice.

    python bench/detector_bench.py              # ~50 MB
    python bench/detector_bench.py --mb 10      # quicker
    python bench/detector_bench.py --tree /usr/lib/python3.11   # a real tree too
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import string
import time

from assess.codescan import Detector, available_engines, load_rules
from assess.codescan import validators as v

ALNUM = string.ascii_letters + string.digits


def _rand(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choices(alphabet, k=n))


def planted(rng: random.Random) -> tuple[str, str]:
    """One fake credential line and the rule that must report it."""
    kind = rng.randrange(8)
    if kind == 0:
        return f'GITHUB_TOKEN = "{v.make_github_token("ghp_", _rand(rng, 30))}"', "github-token"
    if kind == 1:
        key = base64.b64encode(rng.randbytes(64)).decode()
        return (
            f'"Storage": "DefaultEndpointsProtocol=https;AccountName=fake;AccountKey={key}"',
            "azure-storage-account-key",
        )
    if kind == 2:
        return (
            f"aws_access_key_id = AKIA{_rand(rng, 16, string.ascii_uppercase + '234567')}",
            "aws-access-key-id",
        )
    if kind == 3:
        return (
            f'client_secret = "{v.make_entra_secret(_rand(rng, 34, ALNUM + ".-_"), _rand(rng, 3))}"',
            "entra-client-secret",
        )
    if kind == 4:
        filler = _rand(rng, 24)
        return (
            f"key: {v.make_identifiable_key(filler, '+ASt', 'Default0', 64)}",
            "azure-storage-identifiable-key",
        )
    if kind == 5:
        return f'db_password = "{_rand(rng, 20, ALNUM + "!#%")}"', "generic-secret-assignment"
    if kind == 6:
        sig = (
            base64.b64encode(rng.randbytes(32))
            .decode()
            .replace("+", "%2B")
            .replace("/", "%2F")
            .replace("=", "%3D")
        )
        url = f"https://fake.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&se=2030-01-01&sig={sig}"
        return f'url = "{url}"', "azure-sas-token"
    return (
        f"Server=fake;Database=db;User ID=app;Password={_rand(rng, 16)};",
        "connection-string-password",
    )


def source_file(rng: random.Random) -> str:
    lines = []
    for i in range(rng.randrange(200, 900)):
        name = _rand(rng, 8, string.ascii_lowercase)
        choice = i % 7
        if choice == 0:
            lines.append(f"def {name}(token, secret=None):")
        elif choice == 1:
            lines.append(f"    password = settings.get('{name}_password')  # read at run time")
        elif choice == 2:
            lines.append(f"    url = 'https://{name}.example.org/api/v1/items?page={i}'")
        elif choice == 3:
            lines.append(f"    cache_key = '{_rand(rng, 32, string.hexdigits.lower())}'")
        elif choice == 4:
            lines.append(
                f"    return {{'id': '{name}', 'count': {i}, 'api_key': os.environ['API_KEY']}}"
            )
        elif choice == 5:
            lines.append(
                f"    // const {name} = require('./{name}'); let token = await getToken();"
            )
        else:
            lines.append(f"    log.info('processed %s items for {name}', {i})")
    return "\n".join(lines) + "\n"


def json_config(rng: random.Random) -> str:
    items = [
        f'  "{_rand(rng, 10, string.ascii_lowercase)}": {{"enabled": true, "secretName": "kv-{i}", '
        f'"endpoint": "https://fake-{i}.vault.azure.net/secrets/s{i}", "tokenTtl": {i}}}'
        for i in range(rng.randrange(50, 300))
    ]
    return "{\n" + ",\n".join(items) + "\n}\n"


def lock_file(rng: random.Random) -> str:
    entries = []
    for _ in range(rng.randrange(200, 600)):
        name = _rand(rng, 9, string.ascii_lowercase)
        integrity = base64.b64encode(rng.randbytes(64)).decode()
        entries.append(
            f'    "node_modules/{name}": {{\n      "version": "1.{rng.randrange(99)}.0",\n'
            f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-1.0.0.tgz",\n'
            f'      "integrity": "sha512-{integrity}"\n    }}'
        )
    return '{\n  "lockfileVersion": 3,\n  "packages": {\n' + ",\n".join(entries) + "\n  }\n}\n"


def base64_blob(rng: random.Random) -> str:
    data = base64.b64encode(rng.randbytes(rng.randrange(30_000, 120_000))).decode()
    return "\n".join(data[i : i + 76] for i in range(0, len(data), 76)) + "\n"


def minified(rng: random.Random) -> str:
    parts = [
        f"function {_rand(rng, 2, string.ascii_lowercase)}(t){{return t.token||t.secret||{i}}}"
        for i in range(rng.randrange(10_000, 30_000))
    ]
    return ";".join(parts) + "\n"


MAKERS = [
    ("src.py", source_file, 50),
    ("config.json", json_config, 20),
    ("package-lock.json", lock_file, 10),
    ("blob.b64", base64_blob, 10),
    ("bundle.min.js", minified, 3),
]


def corpus(total_mb: float, seed: int = 2026) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Files (path, text) adding up to about ``total_mb`` MB, and the planted count per rule."""
    rng = random.Random(seed)
    files: list[tuple[str, str]] = []
    planted_count: dict[str, int] = {}
    size = 0
    target = int(total_mb * 1_000_000)
    names, makers, weights = zip(*[(n, m, w) for n, m, w in MAKERS], strict=True)
    while size < target:
        idx = rng.choices(range(len(makers)), weights=weights)[0]
        text = makers[idx](rng)
        path = f"f{len(files)}/{names[idx]}"
        if names[idx] in ("src.py", "config.json") and rng.random() < 0.3:
            line, rule = planted(rng)
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines)), line)
            text = "\n".join(lines)
            planted_count[rule] = planted_count.get(rule, 0) + 1
        files.append((path, text))
        size += len(text)
    return files, planted_count


def scan_all(detector: Detector, files: list[tuple[str, str]]) -> tuple[float, dict[str, int]]:
    found: dict[str, int] = {}
    start = time.perf_counter()
    for path, text in files:
        for m in detector.scan_text(text, path):
            found[m.rule_id] = found.get(m.rule_id, 0) + 1
    return time.perf_counter() - start, found


def baseline(files: list[tuple[str, str]]) -> float:
    rules = load_rules()
    start = time.perf_counter()
    for _path, text in files:
        for rule in rules:
            for m in rule.pattern.finditer(text):
                secret = m.group("secret") if "secret" in rule.pattern.groupindex else m.group()
                rule.validate(secret)
    return time.perf_counter() - start


def read_tree(root: str, limit_mb: float) -> list[tuple[str, str]]:
    """Text files under ``root`` (UTF-8 decodable, under 4 MB each), up to ``limit_mb``."""
    files: list[tuple[str, str]] = []
    size = 0
    for folder, _dirs, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                if os.path.getsize(path) > 4_000_000:
                    continue
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            files.append((path, text))
            size += len(text)
            if size >= limit_mb * 1e6:
                return files
    return files


def table(label: str, files: list[tuple[str, str]], planted_count: dict[str, int]) -> None:
    mb = sum(len(t) for _, t in files) / 1e6
    n_planted = sum(planted_count.values())
    print(f"\n{label}: {len(files)} files, {mb:.1f} MB, {n_planted} planted credentials")
    print(f"{'engine':<28}{'MB':>8}{'seconds':>10}{'MB/s':>9}  found")
    for name in available_engines():
        detector = Detector(engine=name)
        seconds, found = scan_all(detector, files)
        if planted_count:
            hit = sum(min(found.get(r, 0), n) for r, n in planted_count.items())
            note = f"{hit}/{n_planted} planted, {sum(found.values())} in all"
        else:
            note = (
                f"{sum(found.values())} ({', '.join(f'{k} {n}' for k, n in sorted(found.items()))})"
            )
        print(f"{'detector/' + name:<28}{mb:>8.1f}{seconds:>10.2f}{mb / seconds:>9.1f}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument(
        "--baseline-mb", type=float, default=3.0, help="slice for the plain-regex baseline"
    )
    parser.add_argument("--tree", help="also scan the text files of this directory (up to --mb)")
    args = parser.parse_args()
    files, planted_count = corpus(args.mb)
    table("generated corpus", files, planted_count)
    if args.tree:
        table(f"real tree {args.tree}", read_tree(args.tree, args.mb), {})
    subset: list[tuple[str, str]] = []
    size = 0
    for path, text in files:
        if size >= args.baseline_mb * 1e6:
            break
        subset.append((path, text))
        size += len(text)
    seconds = baseline(subset)
    print(
        f"{'baseline/re (no prefilter)':<22}{size / 1e6:>8.1f}{seconds:>10.2f}{size / 1e6 / seconds:>9.1f}  (all rules, whole files)"
    )


if __name__ == "__main__":
    main()
