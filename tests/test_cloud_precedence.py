"""Which cloud a run reads: command line > environment > config file > AzureCloud.

Before the fix, ``AZURE_CLOUD`` was ignored and ``AZURE_ARM_ENDPOINT`` (or the config file's
endpoint) overrode ``--cloud``.
"""

from __future__ import annotations

import pytest
from test_cli import assert_one_line_error

from assess.cli import main
from assess.collect import options_from_config
from assess.config import CloudSection, Config

CHINA = "https://management.chinacloudapi.cn"
PUBLIC = "https://management.azure.com"
STACK = "https://management.local.azurestack.external"


def _options(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], config: Config, **given: str):
    for name in ("AZURE_CLOUD", "AZURE_ARM_ENDPOINT", "WAF_ASSESS_ARM_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    options = options_from_config(config, all_subscriptions=True, **given)
    return options.cloud, options.arm_endpoint


def test_the_environment_names_the_cloud_when_the_command_line_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _options(monkeypatch, {"AZURE_CLOUD": "AzureChinaCloud"}, Config()) == (
        "AzureChinaCloud",
        None,
    )


def test_the_command_line_beats_an_endpoint_in_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = {"AZURE_ARM_ENDPOINT": STACK}
    assert _options(monkeypatch, env, Config(), cloud="AzureChinaCloud") == (
        "AzureChinaCloud",
        None,
    )


def test_the_command_line_beats_the_config_file_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(cloud=CloudSection(arm_endpoint=STACK))
    assert _options(monkeypatch, {}, config, cloud="AzureUSGovernment") == (
        "AzureUSGovernment",
        None,
    )


def test_the_environment_beats_the_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(cloud=CloudSection(arm_endpoint=STACK))
    env = {"AZURE_CLOUD": "AzureUSGovernment"}
    assert _options(monkeypatch, env, config) == ("AzureUSGovernment", None)
    config = Config(cloud=CloudSection(name="AzureChinaCloud"))
    assert _options(monkeypatch, {"WAF_ASSESS_ARM_ENDPOINT": STACK + "/"}, config) == (
        "Custom",
        STACK,
    )


def test_the_config_file_beats_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(cloud=CloudSection(name="azurechinacloud"))
    assert _options(monkeypatch, {}, config) == ("AzureChinaCloud", None)
    assert _options(monkeypatch, {}, Config()) == ("AzureCloud", None)


def test_a_built_in_endpoint_given_with_its_own_name_is_that_cloud(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given = {"cloud": "AzureChinaCloud", "arm_endpoint": CHINA + "/"}
    assert _options(monkeypatch, {}, Config(), **given) == ("AzureChinaCloud", None)
    assert _options(monkeypatch, {}, Config(), arm_endpoint=PUBLIC) == ("AzureCloud", None)


@pytest.mark.parametrize(
    ("env", "config", "args", "says"),
    [
        ({}, Config(), ["--cloud", "AzureChinaCloud", "--arm-endpoint", PUBLIC], "--cloud"),
        (
            {"AZURE_CLOUD": "AzureUSGovernment", "AZURE_ARM_ENDPOINT": CHINA},
            Config(),
            [],
            "AZURE_CLOUD",
        ),
    ],
)
def test_a_conflicting_pair_is_one_line_and_exit_2_before_any_call(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    config: Config,
    args: list[str],
    says: str,
) -> None:
    import assess.collect

    def no_collection(*_a: object, **_k: object) -> None:
        raise AssertionError("Azure was called")

    monkeypatch.setattr(assess.collect, "collect_snapshot", no_collection)
    for name in ("AZURE_CLOUD", "AZURE_ARM_ENDPOINT", "WAF_ASSESS_ARM_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["scan", "--all-subscriptions", *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert_one_line_error(err, "conflicts with", says)
