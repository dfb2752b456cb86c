"""Microsoft.Logic: Logic Apps (Consumption) workflows and the values of their parameters.

Kept per workflow (REST reference, Workflows - List By Subscription / List By Resource Group,
api-version 2019-05-01): the names of ``parameters`` and each one's ``type``; each ``value`` is
sealed (read in memory, kept only as what it held). A ``SecureString`` or ``SecureObject``
parameter's value is not returned; a ``String`` parameter's value is, in clear text.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

WORKFLOWS_LIST, WORKFLOWS_LIST_RG = list_operations("Microsoft.Logic/workflows", "2019-05-01")
PARAMETER_NAMES = "parameters{}"
PARAMETER_TYPES = "parameters{}.type"
PARAMETER_VALUES = "parameters{}.value"

SOURCES = (
    listed_type(
        "logic_apps",
        title="Logic Apps workflows (parameter types; values never kept)",
        kind="logic_workflows",
        operations=(WORKFLOWS_LIST, WORKFLOWS_LIST_RG),
        properties=(PARAMETER_NAMES, PARAMETER_TYPES, "state"),
        values=(PARAMETER_VALUES,),
        help="Read Logic Apps workflows: parameters holding secrets as plain strings (no values).",
        noun=("Logic Apps workflow", "Logic Apps workflows"),
    ),
)
