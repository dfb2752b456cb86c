"""Is a secret scanner in place before code lands? Evidence from the repository's own files.

Looked for, in a repository's working tree (never executed, never fetched):

* pre-commit hooks: ``.pre-commit-config.yaml``, husky (``.husky/``), lefthook, ``.githooks/``,
  and hooks installed in this clone's ``.git/hooks`` (local only: they do not travel with the code);
* CI steps: GitHub Actions workflows, Azure Pipelines, GitLab CI (including its Secret Detection
  template), Bitbucket Pipelines, CircleCI, Jenkinsfiles;
* GitHub secret scanning: ``.github/secret_scanning.yml`` and push protection in a
  ``.github/settings.yml`` managed by the settings app.

YAML is parsed and only its string values are searched, so a tool named in a comment does not
count. A CI scanner counts as *blocking* when its pipeline runs on pushes or pull requests; one
that only runs on a schedule or by hand is reported with ``blocking = False``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assess.codescan.model import ScannerEvidence

MAX_CONFIG_BYTES = 2 << 20

TOOLS: dict[str, re.Pattern[str]] = {
    "gitleaks": re.compile(r"gitleaks", re.I),
    "trufflehog": re.compile(r"trufflehog|trufflesecurity/", re.I),
    "detect-secrets": re.compile(r"detect-secrets(?!-baseline-only)", re.I),
    "ggshield": re.compile(r"ggshield|gitguardian/", re.I),
    "git-secrets": re.compile(r"\bgit[- ]secrets\b|awslabs/git-secrets", re.I),
    "talisman": re.compile(r"\btalisman\b", re.I),
    "secretlint": re.compile(r"\bsecretlint\b", re.I),
    "noseyparker": re.compile(r"nosey-?parker", re.I),
    "kingfisher": re.compile(r"\bkingfisher\b", re.I),
    "credscan": re.compile(r"\bcredscan\b|CredentialScanner", re.I),
    "gitlab-secret-detection": re.compile(
        r"Secret-Detection(?:\.gitlab-ci)?\.yml|\bsecret_detection\b", re.I
    ),
    "trivy-secret": re.compile(r"trivy\b[^\n]*--scanners?[ =][^\n]*secret", re.I),
    "semgrep-secrets": re.compile(r"semgrep\b[^\n]*(?:--secrets|p/secrets)", re.I),
    "detect-private-key": re.compile(r"^detect-private-key$"),
}
"""Secret scanners by name, as they appear in hook ids, action references and script lines."""

_PARTIAL = {"detect-private-key": "finds private keys only, not tokens or passwords"}

_BEFORE_LANDING = {"push", "pull_request", "pull_request_target", "merge_group"}


def scanner_evidence(repo: Path) -> list[ScannerEvidence]:
    """Every place in ``repo`` that runs a secret scanner before (or around) code landing."""
    found: list[ScannerEvidence] = []
    found.extend(_pre_commit(repo))
    found.extend(_hook_scripts(repo))
    found.extend(_github_actions(repo))
    found.extend(_other_ci(repo))
    found.extend(_github_secret_scanning(repo))
    found.extend(_config_only(repo, found))
    unique = {(e.tool, e.kind, e.path, e.detail): e for e in found}
    return sorted(unique.values(), key=lambda e: (e.kind, e.tool, e.path, e.detail))


# ---- helpers ----------------------------------------------------------------------------------
def _read(path: Path) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_CONFIG_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _yaml(text: str) -> Any:
    if not text.strip():
        return None
    import yaml  # when a YAML file is read (start-up of scan-code)

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _strings(node: Any) -> Iterator[str]:
    """Every string in a parsed YAML document: keys and values (comments are already gone)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _uncommented(text: str) -> str:
    return "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith(("#", "//"))
    )


def _tools_in(strings: Iterator[str] | list[str]) -> list[str]:
    names: set[str] = set()
    for value in strings:
        for tool, pattern in TOOLS.items():
            if pattern.search(value):
                names.add(tool)
    return sorted(names)


def _scanners(
    tools: list[str], kind: str, path: str, detail: str, blocking: bool = True
) -> Iterator[ScannerEvidence]:
    """Evidence for each tool named in a script or pipeline (a private-key check alone is no scanner)."""
    for tool in tools:
        if tool != "detect-private-key":
            yield ScannerEvidence(tool=tool, kind=kind, path=path, detail=detail, blocking=blocking)


def _rel(repo: Path, path: Path) -> str:
    return path.relative_to(repo).as_posix()


def _files(repo: Path, *patterns: str) -> list[Path]:
    seen: set[Path] = set()
    for pattern in patterns:
        seen.update(p for p in repo.glob(pattern) if p.is_file() and not p.is_symlink())
    return sorted(seen)


# ---- pre-commit and other hook managers -------------------------------------------------------
def _pre_commit(repo: Path) -> Iterator[ScannerEvidence]:
    for path in _files(repo, ".pre-commit-config.yaml", ".pre-commit-config.yml"):
        document = _yaml(_read(path) or "")
        if not isinstance(document, dict):
            continue
        for entry in document.get("repos") or []:
            if not isinstance(entry, dict):
                continue
            url = str(entry.get("repo", ""))
            for hook in entry.get("hooks") or []:
                if not isinstance(hook, dict):
                    continue
                hook_id = str(hook.get("id", ""))
                tools = _tools_in([hook_id, str(hook.get("entry", ""))]) or (
                    _tools_in([url]) if hook_id not in {"detect-private-key"} else []
                )
                stages = hook.get("stages") or document.get("default_stages") or []
                manual = isinstance(stages, list) and stages and set(map(str, stages)) <= {"manual"}
                for tool in tools:
                    detail = f"hook {hook_id} from {url}"
                    if tool in _PARTIAL:
                        detail += f" ({_PARTIAL[tool]})"
                    yield ScannerEvidence(
                        tool=tool,
                        kind="pre-commit",
                        path=_rel(repo, path),
                        detail=detail + (" (manual stage only)" if manual else ""),
                        blocking=not manual and tool not in _PARTIAL,
                    )


def _hook_scripts(repo: Path) -> Iterator[ScannerEvidence]:
    shared = _files(
        repo,
        ".husky/pre-commit",
        ".husky/pre-push",
        ".githooks/pre-commit",
        ".githooks/pre-push",
        "lefthook.yml",
        "lefthook.yaml",
        ".lefthook.yml",
        ".lefthook.yaml",
        ".overcommit.yml",
    )
    local = _files(repo, ".git/hooks/pre-commit", ".git/hooks/pre-push")
    for path in (*shared, *local):
        text = _read(path)
        if text is None:
            continue
        in_clone = path in local
        yield from _scanners(
            _tools_in(_uncommented(text).splitlines()),
            "pre-commit",
            _rel(repo, path),
            "hook installed in this clone only; it is not shared with the repository"
            if in_clone
            else "hook script",
            blocking=not in_clone,
        )


# ---- CI -----------------------------------------------------------------------------------------
def _github_triggers(document: dict[Any, Any]) -> set[str]:
    # YAML 1.1 reads a bare ``on`` key as the boolean True.
    raw = document.get("on", document.get(True))
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return {str(item) for item in raw}
    if isinstance(raw, dict):
        return {str(key) for key in raw}
    return set()


def _github_actions(repo: Path) -> Iterator[ScannerEvidence]:
    for path in _files(repo, ".github/workflows/*.yml", ".github/workflows/*.yaml"):
        document = _yaml(_read(path) or "")
        if not isinstance(document, dict):
            continue
        triggers = _github_triggers(document)
        jobs = document.get("jobs")
        yield from _scanners(
            _tools_in(list(_strings(jobs))),
            "ci",
            _rel(repo, path),
            f"GitHub Actions workflow (on: {', '.join(sorted(triggers)) or 'none'})",
            blocking=bool(triggers & _BEFORE_LANDING),
        )


def _azure_blocking(document: Any) -> bool:
    """Azure Pipelines run on pushes unless ``trigger: none``; PR validation unless ``pr: none``."""
    if not isinstance(document, dict):
        return True
    return not (document.get("trigger") == "none" and document.get("pr", "none") == "none")


def _other_ci(repo: Path) -> Iterator[ScannerEvidence]:
    systems = (
        (
            "Azure Pipelines",
            (
                "azure-pipelines.yml",
                "azure-pipelines.yaml",
                "*.azure-pipelines.yml",
                ".azure-pipelines/**/*.yml",
                ".azure-pipelines/**/*.yaml",
                "azure-pipelines/**/*.yml",
                ".pipelines/**/*.yml",
                ".ado/**/*.yml",
            ),
        ),
        ("GitLab CI", (".gitlab-ci.yml", ".gitlab-ci.yaml", ".gitlab/ci/**/*.yml")),
        ("Bitbucket Pipelines", ("bitbucket-pipelines.yml",)),
        ("CircleCI", (".circleci/config.yml",)),
        ("Jenkins", ("Jenkinsfile", "*/Jenkinsfile", "Jenkinsfile.*")),
    )
    for system, patterns in systems:
        for path in _files(repo, *patterns):
            text = _read(path)
            if text is None:
                continue
            document = _yaml(text) if system != "Jenkins" else None
            strings = (
                list(_strings(document))
                if document is not None
                else _uncommented(text).splitlines()
            )
            yield from _scanners(
                _tools_in(strings),
                "ci",
                _rel(repo, path),
                f"{system} pipeline",
                blocking=_azure_blocking(document) if system == "Azure Pipelines" else True,
            )


# ---- GitHub secret scanning ---------------------------------------------------------------------
def _github_secret_scanning(repo: Path) -> Iterator[ScannerEvidence]:
    config = repo / ".github" / "secret_scanning.yml"
    if _read(config) is not None:
        yield ScannerEvidence(
            tool="github-secret-scanning",
            kind="push-protection",
            path=_rel(repo, config),
            detail="secret scanning is configured (paths excluded from alerts); whether push "
            "protection is on is a repository setting not visible in the files",
            blocking=False,
        )
    settings = repo / ".github" / "settings.yml"
    document = _yaml(_read(settings) or "")
    if isinstance(document, dict):
        analysis = (document.get("repository") or {}).get("security_and_analysis") or document.get(
            "security_and_analysis"
        )
        if isinstance(analysis, dict):
            push = analysis.get("secret_scanning_push_protection")
            status = push.get("status") if isinstance(push, dict) else None
            if status is not None:
                yield ScannerEvidence(
                    tool="github-secret-scanning",
                    kind="push-protection",
                    path=_rel(repo, settings),
                    detail=f"push protection {status} in the settings app's configuration",
                    blocking=str(status).lower() == "enabled",
                )


_CONFIG_FILES = {
    ".secrets.baseline": "detect-secrets",
    ".gitleaks.toml": "gitleaks",
    ".gitleaksignore": "gitleaks",
    ".gitguardian.yaml": "ggshield",
    ".gitguardian.yml": "ggshield",
    ".talismanrc": "talisman",
    ".secretlintrc.json": "secretlint",
}


def _config_only(repo: Path, found: list[ScannerEvidence]) -> Iterator[ScannerEvidence]:
    """A scanner's configuration file with nothing that runs the scanner: shown, never gating."""
    running = {e.tool for e in found}
    for name, tool in sorted(_CONFIG_FILES.items()):
        path = repo / name
        if tool not in running and path.is_file() and not path.is_symlink():
            yield ScannerEvidence(
                tool=tool,
                kind="config",
                path=name,
                detail="configuration file present, but no hook or pipeline step runs the scanner",
                blocking=False,
            )
