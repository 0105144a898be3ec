"""Who may read which area's statistics, import the snapshot, release."""

from security import policies as security_policies

MODULE = "reporting"


def may_read(user, unit) -> bool:
    """Analysts read the areas under their grant: headquarters reads the
    nation and its regions, a sector its own sector and stations."""
    return security_policies.holds_role(user, MODULE, "analyst", unit)


def reads_anywhere(user) -> bool:
    return security_policies.holds_role(user, MODULE, "analyst")


def may_import(user, unit) -> bool:
    return security_policies.holds_role(user, MODULE, "snapshot_importer", unit)


def imports_anywhere(user) -> bool:
    return security_policies.holds_role(user, MODULE, "snapshot_importer")


def read_units(user) -> frozenset[int]:
    return security_policies.reach(user, MODULE, "analyst")
