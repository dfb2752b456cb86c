"""Built-in checks: one module per SE:09 questionnaire item, metadata in the TOML beside each.

A module's checks are the :class:`assess.checkapi.CheckSpec` objects it defines; nothing is
registered by importing it. ``questionnaire.toml`` maps each item to its checks and to the parts
of the item the tool cannot observe (answered by a person).
"""

BUILTIN_MODULES: tuple[str, ...] = (
    "checks.se09_1_environments",
    "checks.se09_2_storage",
    "checks.se09_3_distribution",
    "checks.se09_4_detection",
    "checks.se09_5_rotation",
    "checks.se09_6_rotation_without_disruption",
    "checks.se09_7_access",
)
