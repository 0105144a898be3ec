"""Who may read which area's statistics, import the snapshot, release."""

from security import policies as security_policies

MODULE = "reporting"


def may_read(user, unit) -> bool:
    """Analysts read the areas under their grant: headquarters reads the
    nation and its regions, a sector its own sector and stations."""
    return security_policies.holds_role(user, MODULE, "analyst", unit)


def reads_anywhere(user) -> bool:
    return security_policies.holds_role(user, MODULE, "analyst")


def service_may_read(account, unit) -> bool:
    """A partner system's service account reads the part of the tree it was
    created over: its unit and everything beneath it."""
    while unit is not None:
        if unit.pk == account.unit_id:
            return True
        unit = unit.parent
    return False


def may_import(user, unit) -> bool:
    return security_policies.holds_role(user, MODULE, "snapshot_importer", unit)


def imports_anywhere(user) -> bool:
    return security_policies.holds_role(user, MODULE, "snapshot_importer")


def read_units(user) -> frozenset[int]:
    return security_policies.reach(user, MODULE, "analyst")


def may_approve_releases(user) -> bool:
    """Release approvers hold their role over headquarters."""
    from security.models import OrganizationUnit

    headquarters = OrganizationUnit.objects.filter(kind="HQ").first()
    return headquarters is not None and security_policies.holds_role(
        user, MODULE, "release_approver", headquarters
    )


def may_decide(user, release) -> bool:
    """Never the person who asked for the release."""
    return release.requested_by_id != user.pk and may_approve_releases(user)


def may_see_release(user, release) -> bool:
    return release.requested_by_id == user.pk or may_approve_releases(user)
