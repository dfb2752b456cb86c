"""Configuration: ``assess.toml``, or ``[tool.waf-assess]`` in ``pyproject.toml``.

Every setting has a default, so no file is needed. See docs/configuration.md for the full list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from assess.errors import InputError, first_problem
from assess.model import Severity, Waiver
from assess.snapshot import Snapshot, last_segment, resource_group_of, subscription_of
from assess.sources import switches


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Section):
    max_secret_age_days: int = Field(60, ge=1)
    """A secret whose current version is older than this fails SE09-5 (days). Microsoft's Key
    Vault guidance: rotate secrets at least every 60 days (Best practices for secrets management
    in Key Vault)."""
    max_key_age_days: int = Field(365, ge=1)
    """A key older than this, or a rotation policy that rotates less often, fails SE09-5."""
    near_expiry_days: int = Field(30, ge=0)
    max_client_secret_days: int = Field(180, ge=1)
    """A Microsoft Entra client secret valid longer than this (from its start to its end date)
    fails SE09-5.30 and 5.31: 180 days is the lifetime the Microsoft Entra admin center
    recommends when a client secret is added."""
    min_rsa_key_bits: int = Field(2048, ge=1024)
    """RSA keys shorter than this fail SE09-2.5 (NIST SP 800-57: 2048 bits at least)."""
    require_hsm_keys: bool = False
    """The estate's policy asks for HSM-protected keys (``RSA-HSM``, ``EC-HSM``): software keys
    fail SE09-2.6. Off, that check is not applicable."""
    old_key_version_days: int = Field(30, ge=0)
    """An older key version still enabled this many days after a newer one was made fails
    SE09-5.11."""
    expected_networks: tuple[str, ...] = ()
    """Public address ranges (CIDR) a vault open to every network is expected to be called from,
    besides private addresses and its own IP rules (SE09-3.50)."""
    denied_calls_per_caller: int = Field(20, ge=1)
    """Refused data-plane calls (HTTP 403) from one caller to one vault within the log window at
    or above which SE09-7.51 fails."""


class Environments(_Section):
    """How a resource's environment is recognised: tags first, then names.

    Precedence: the resource's tags, its resource group's tags, its subscription's tags, then the
    resource name, the resource group name, and the subscription's display name.
    """

    tag_keys: tuple[str, ...] = ("environment", "env", "stage", "tier")
    production: tuple[str, ...] = ("prod", "production", "prd", "live", "prod-*", "*-prod")
    test: tuple[str, ...] = ("test", "tst", "qa", "uat", "staging", "stage", "stg", "preprod")
    development: tuple[str, ...] = ("dev", "development", "sandbox", "sbx", "lab")
    name_patterns: Mapping[str, str] = Field(
        default_factory=lambda: {
            "production": r"(^|[-_.\s])(prod|prd|production|live)($|[-_.\s\d])",
            "test": r"(^|[-_.\s])(test|tst|qa|uat|stg|staging|preprod)($|[-_.\s\d])",
            "development": r"(^|[-_.\s])(dev|development|sandbox|sbx)($|[-_.\s\d])",
        }
    )

    @field_validator("name_patterns")
    @classmethod
    def _patterns_compile(cls, value: Mapping[str, str]) -> Mapping[str, str]:
        for env, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"environments.name_patterns.{env}: {exc}") from exc
        return value


class ChecksSection(_Section):
    select: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    builtins_only: bool = False
    blocked_plugins: tuple[str, ...] = ()


class Gate(_Section):
    min_score: float | None = Field(None, ge=0, le=100)
    min_coverage: float | None = Field(None, ge=0, le=100)
    fail_on: Severity | None = None
    """Fail the gate on any unwaived failing finding of this severity or worse."""
    min_item_score: float | None = Field(None, ge=0, le=100)
    """Fail the gate when any questionnaire item scores below this."""
    fail_on_expired_waivers: bool = False
    """Fail the gate when a waiver in the configuration has expired."""

    @property
    def given(self) -> bool:
        """True when any threshold is set (a gate verdict is then printed)."""
        bars = (self.min_score, self.min_coverage, self.fail_on, self.min_item_score)
        return self.fail_on_expired_waivers or any(bar is not None for bar in bars)


class CloudSection(_Section):
    name: str | None = None
    arm_endpoint: str | None = None
    log_analytics_endpoint: str | None = None


class _CollectSettings(_Section):
    max_workers: int = Field(64, ge=1, le=256)
    timeout_seconds: int = Field(60, ge=1)
    retry_budget_seconds: int = Field(300, ge=1)
    """The longest one call may take, retries and ``Retry-After`` waits included; a call still
    throttled or failing then is a gap (its findings ``unknown``)."""
    log_window_days: int = Field(30, ge=1, le=90)
    """Days of logs the log queries read (``--log-window``), ending at ``--as-of``."""

    def on(self, source: str) -> bool:
        """Whether the switchable evidence source ``source`` is read (``[collect] <source>``)."""
        return bool(getattr(self, source))


if TYPE_CHECKING:
    CollectSection = _CollectSettings
else:
    CollectSection = create_model(
        "CollectSection",
        __base__=_CollectSettings,
        **{s.name: (bool, Field(s.default, description=s.help)) for s in switches()},
    )
    """``[collect]``: workers, timeout, and one key per switchable source (generated from the
    declarations in :mod:`assess.sources`)."""


DEFAULT_BANDS: tuple[tuple[str, float], ...] = (
    ("strong", 90.0),
    ("adequate", 70.0),
    ("weak", 50.0),
    ("poor", 0.0),
)
"""Rating bands of the overall score: (name, lowest score that earns it), best first."""


class ReportSection(_Section):
    bands: Mapping[str, float] = Field(default_factory=lambda: dict(DEFAULT_BANDS))
    """Rating band name -> the lowest score in it (0..100); one band must start at 0."""

    @field_validator("bands")
    @classmethod
    def _bands_cover_zero(cls, value: Mapping[str, float]) -> Mapping[str, float]:
        if not value or any(not 0 <= floor <= 100 for floor in value.values()):
            raise ValueError("report.bands: each band needs a lowest score from 0 to 100")
        if 0 not in value.values():
            raise ValueError("report.bands: one band must start at 0, e.g. poor = 0")
        return value

    def band_list(self) -> tuple[tuple[str, float], ...]:
        return tuple(sorted(self.bands.items(), key=lambda b: -b[1]))


class HistorySection(_Section):
    path: Path | None = None
    """Record every scan, evaluate and gate run in this SQLite database (``--history``)."""


class Config(_Section):
    thresholds: Thresholds = Field(default_factory=Thresholds)
    environments: Environments = Field(default_factory=Environments)
    checks: ChecksSection = Field(default_factory=ChecksSection)
    gate: Gate = Field(default_factory=Gate)
    cloud: CloudSection = Field(default_factory=CloudSection)
    collect: CollectSection = Field(default_factory=CollectSection)
    report: ReportSection = Field(default_factory=ReportSection)
    history: HistorySection = Field(default_factory=HistorySection)
    waivers: tuple[Waiver, ...] = ()

    @field_validator("waivers")
    @classmethod
    def _waiver_dates(cls, value: tuple[Waiver, ...]) -> tuple[Waiver, ...]:
        for waiver in value:
            try:
                date.fromisoformat(waiver.expires)
            except ValueError as exc:
                raise ValueError(
                    f"waiver for {waiver.check}: expires {waiver.expires!r} is not YYYY-MM-DD"
                ) from exc
        return value

    def settings(self) -> dict[str, Any]:
        """The flat view checks read through ``ctx.setting(name)``."""
        return self.thresholds.model_dump()


def load_config(path: Path | None = None, *, search_from: Path | None = None) -> Config:
    """Load ``path``; without one, look for ``assess.toml`` then ``pyproject.toml`` in the cwd."""
    if path is None:
        base = search_from or Path.cwd()
        for candidate in (base / "assess.toml", base / "pyproject.toml"):
            if candidate.is_file():
                data = _read_toml(candidate)
                if candidate.name == "pyproject.toml":
                    section = data.get("tool", {}).get("waf-assess")
                    if section is None:
                        continue
                    return _validate(section, candidate)
                return _validate(data, candidate)
        return Config()
    if not path.is_file():
        raise InputError(f"config file not found: {path}")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("waf-assess", {})
    return _validate(data, path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}") from exc


def _validate(data: dict[str, Any], path: Path) -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {first_problem(exc)}", hint=did_you_mean(exc)) from exc


def did_you_mean(exc: ValidationError) -> str | None:
    """For a key the config does not know (``thresholds.max_secret_age_dayz``), the known key
    closest to it (``did you mean thresholds.max_secret_age_days?``)."""
    import difflib

    first = exc.errors()[0] if exc.errors() else None
    if first is None or first.get("type") != "extra_forbidden":
        return None
    where = [str(part) for part in first.get("loc", ())]
    model: type[BaseModel] = Config
    for part in where[:-1]:
        field = model.model_fields.get(part)
        inner = field.annotation if field is not None else None
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        model = inner
    close = difflib.get_close_matches(where[-1], list(model.model_fields), n=1, cutoff=0.6)
    return f"did you mean {'.'.join([*where[:-1], close[0]])}?" if close else None


class EnvironmentResolver:
    """Classifies resources into environments from tags and names (see :class:`Environments`)."""

    def __init__(self, config: Environments, snapshot: Snapshot) -> None:
        self._config = config
        self._snapshot = snapshot
        self._values: dict[str, str] = {}
        self._cache: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
        for env in ("production", "test", "development"):
            for value in getattr(config, env):
                self._values[value.lower()] = env

    @cached_property
    def _patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return [
            (env, re.compile(p, re.IGNORECASE)) for env, p in self._config.name_patterns.items()
        ]

    def _from_tags(self, tags: Mapping[str, str] | None) -> str:
        if not tags:
            return ""
        lowered = {k.lower(): v for k, v in tags.items()}
        for key in self._config.tag_keys:
            value = lowered.get(key.lower())
            if value is None:
                continue
            value = value.strip().lower()
            if value in self._values:
                return self._values[value]
            for known, env in self._values.items():
                if "*" in known and re.fullmatch(known.replace("*", ".*"), value):
                    return env
        return ""

    def _from_name(self, name: str) -> str:
        for env, pattern in self._patterns:
            if pattern.search(name):
                return env
        return ""

    def __call__(self, resource_id: str, tags: Mapping[str, str] | None = None) -> str:
        key = (resource_id, tuple(sorted(tags.items())) if tags else ())
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._classify(resource_id, tags)
        return found

    def _classify(self, resource_id: str, tags: Mapping[str, str] | None) -> str:
        sub_id = subscription_of(resource_id)
        rg_name = resource_group_of(resource_id)
        sub = self._snapshot.subscription(sub_id) if sub_id else None
        group = self._snapshot.resource_group(sub_id, rg_name) if rg_name else None
        is_sub = resource_id.rstrip("/").count("/") <= 2
        is_group = bool(rg_name) and resource_id.rstrip("/").count("/") == 4
        name = "" if (is_sub or is_group) else last_segment(resource_id)
        for found in (
            self._from_tags(tags),
            self._from_tags(group.tags if group else None),
            self._from_tags(sub.tags if sub else None),
            self._from_name(name),
            self._from_name(rg_name),
            self._from_name(sub.display_name if sub else ""),
        ):
            if found:
                return found
        return ""
