"""Remediation commands filled in for one failing resource.

A check's metadata gives its ``az`` command with placeholders (``<vault>``, ``<group>``, ...).
For each failing resource the placeholders the tool can know are filled from the finding's own
resource id and evidence: names, resource group, subscription, principal and role. Every line is
split into words with :mod:`shlex`, filled word by word, and joined back with :func:`shlex.join`,
so a hostile name (``;``, ``$()``, quotes) stays one quoted word and cannot become another
command. Placeholders the tool cannot know stay, and :func:`unfilled` says what goes there.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from assess.model import CheckMeta, Finding

_PLACEHOLDER = re.compile(r"<[a-z][a-z0-9-]*>")

HINTS: dict[str, str] = {
    "<non-production-vault-resource-id>": "the resource id of the vault on the other side, "
    "listed under Observed",
    "<vault-location>": "the vault's Azure region, e.g. westeurope",
    "<vnet>": "the virtual network that reaches the vault",
    "<subnet>": "a subnet of that network for the private endpoint",
    "<workspace-resource-id>": "the Log Analytics workspace that keeps the audit log",
    "<function-resource-id>": "the Azure Function (or other handler) that rotates the item",
    "<identity-resource-id>": "the user-assigned identity that reads the vault",
    "<file-with-new-value>": "a file holding the new value (never typed on the command line)",
    "<new-value-file>": "a file holding the new value (never typed on the command line)",
    "<name>": "the name of the setting or secret",
    "<principal-id>": "the object id of the principal",
    "<role-name-or-id>": "the role to remove",
    "<deployment>": "the deployment's name",
    "<vault>": "the key vault that holds (or will hold) the secret",
    "<group>": "the resource group",
    "<app>": "the web app",
    "<secret>": "the secret's name",
    "<key>": "the key's name",
    "<account>": "the storage account",
    "<subscription-id>": "the subscription id",
    "<resource-id>": "the resource id",
}
"""What to put in each placeholder the tool cannot fill."""


def _segments(resource_id: str) -> dict[str, str]:
    """``/subscriptions/s/resourceGroups/g/providers/P/vaults/v/secrets/x`` -> type -> name."""
    parts = [p for p in resource_id.split("/") if p]
    found: dict[str, str] = {}
    i = 0
    while i + 1 < len(parts):
        key = parts[i].lower()
        if key == "providers" and i + 1 < len(parts):
            i += 2
            continue
        found.setdefault(key, parts[i + 1])
        i += 2
    return found


def values_for(f: Finding) -> dict[str, str]:
    """Placeholder -> value, for what this finding shows."""
    seg = _segments(f.resource_id)
    out: dict[str, str] = {}
    if f.subscription_id or seg.get("subscriptions"):
        out["<subscription-id>"] = f.subscription_id or seg["subscriptions"]
    if "resourcegroups" in seg:
        out["<group>"] = seg["resourcegroups"]
    kind = f.resource_type.lower()
    if f.resource_id.startswith("/subscriptions/"):
        out["<resource-id>"] = f.resource_id
    if "vaults" in seg:
        out["<vault>"] = seg["vaults"]
        vault_end = f.resource_id.lower().index("/vaults/") + len("/vaults/") + len(seg["vaults"])
        out["<vault-resource-id>"] = f.resource_id[:vault_end]
    if "secrets" in seg:
        out["<secret>"] = seg["secrets"]
    if "keys" in seg:
        out["<key>"] = seg["keys"]
    if "sites" in seg:
        out["<app>"] = seg["sites"]
    if "storageaccounts" in seg:
        out["<account>"] = seg["storageaccounts"]
    if kind == "entra id principal":
        out["<principal-id>"] = f.resource_name
    observed = f.evidence.observed if f.evidence else None
    if isinstance(observed, Mapping):
        if observed.get("principal"):
            out["<principal-id>"] = str(observed["principal"])
        if observed.get("role"):
            out["<role-name-or-id>"] = str(observed["role"])
        scope = observed.get("scope")
        if isinstance(scope, str) and scope.lower().startswith("/subscriptions/"):
            out["/subscriptions/<subscription-id>"] = scope
    return out


def _fill_word(word: str, values: Mapping[str, str]) -> str:
    if word in values:  # a whole word (e.g. a scope) is replaced as a whole
        return values[word]
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), word)


@lru_cache(maxsize=512)
def _words(line: str) -> tuple[str, ...] | None:
    """A command line of a check's template split into shell words; ``None`` for a comment,
    an empty line or a line the shell could not split (kept as it is)."""
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    try:
        return tuple(shlex.split(line))
    except ValueError:
        return None


def _fill_line(line: str, values: Mapping[str, str]) -> str:
    words = _words(line)
    if words is None:
        return line
    return shlex.join(_fill_word(w, values) for w in words)


@dataclass(frozen=True)
class FilledFix:
    finding: Finding
    cli: str
    """The check's ``az`` lines with what the tool knows filled in, each word shell-quoted."""
    unfilled: tuple[tuple[str, str], ...]
    """(placeholder, what to put there) for what the tool cannot know."""


def fill(meta: CheckMeta, f: Finding) -> FilledFix:
    values = values_for(f)
    lines = [_fill_line(line, values) for line in meta.remediation.cli.strip().splitlines()]
    cli = "\n".join(lines)
    left = dict.fromkeys(m.group(0) for m in _PLACEHOLDER.finditer(cli.replace("'", "")))
    return FilledFix(f, cli, tuple((p, HINTS.get(p, "a value only you know")) for p in left))
