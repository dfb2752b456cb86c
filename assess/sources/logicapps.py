"""Microsoft.Logic: Logic Apps (Consumption) workflows and the values of their parameters.

Kept per workflow (REST reference, Workflows - List By Subscription / List By Resource Group,
api-version 2019-05-01): the names of ``parameters`` and each one's ``type``; each ``value`` is
sealed (read in memory, kept only as what it held; an ``Object`` value's text leaves are read
too). A ``SecureString`` or ``SecureObject`` parameter's value is not returned ("Parameters that
have this type aren't returned with the resource definition", Secure access and data in Azure
Logic Apps); a ``String`` or ``Object`` parameter's value is, in clear text. The definition's own
``parameters`` (their ``type``, and each ``defaultValue`` sealed) are part of the definition and
returned whatever their type, a secure one's default included; so are its actions and triggers,
whose ``inputs`` (an HTTP action's ``authentication``, headers, URI) are sealed too: the
documentation's way to keep a password out of them is a secure parameter
(``@parameters('...')``), which is an expression, not a credential.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

WORKFLOWS_LIST, WORKFLOWS_LIST_RG = list_operations("Microsoft.Logic/workflows", "2019-05-01")
PARAMETER_NAMES = "parameters{}"
PARAMETER_TYPES = "parameters{}.type"
PARAMETER_VALUES = "parameters{}.value"
DEFINITION_NAMES = "definition.parameters{}"
DEFINITION_TYPES = "definition.parameters{}.type"
DEFINITION_DEFAULTS = "definition.parameters{}.defaultValue"
ACTION_NAMES = "definition.actions{}"
ACTION_PARTS = tuple(
    f"definition.actions{{}}.{part}" for part in ("inputs", "actions", "else", "cases", "default")
)
"""What a top-level action holds: its ``inputs`` and the actions nested in a Scope, For each,
Until, If (``actions``, ``else``) or Switch (``cases``, ``default``); each sealed as a whole."""
TRIGGER_NAMES = "definition.triggers{}"
TRIGGER_INPUTS = "definition.triggers{}.inputs"

SOURCES = (
    listed_type(
        "logic_apps",
        title="Logic Apps workflows (parameter types; values never kept)",
        kind="logic_workflows",
        operations=(WORKFLOWS_LIST, WORKFLOWS_LIST_RG),
        properties=(
            PARAMETER_NAMES,
            PARAMETER_TYPES,
            DEFINITION_NAMES,
            DEFINITION_TYPES,
            ACTION_NAMES,
            TRIGGER_NAMES,
            "state",
        ),
        values=(PARAMETER_VALUES, DEFINITION_DEFAULTS, *ACTION_PARTS, TRIGGER_INPUTS),
        help="Read Logic Apps workflows: parameters holding secrets as plain strings (no values).",
        noun=("Logic Apps workflow", "Logic Apps workflows"),
    ),
)
