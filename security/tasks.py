from celery import shared_task

from security import audit_chain, selectors


@shared_task
def count_organization_units() -> dict[str, int]:
    """How many sectors and stations the tree holds: a cheap end-to-end check."""
    return selectors.count_units()


@shared_task
def seal_audit_chains() -> dict[str, int]:
    """Link the audit log's new events into their chains; beat runs it."""
    return audit_chain.seal_chains().as_dict()


@shared_task
def sync_all_grant_permissions() -> int:
    """Bring guardian's rows in line with grants that began or ended today.

    Grants carry dates; the object permissions they imply are rows. Beat
    runs this shortly after midnight UTC; it is idempotent.
    """
    from security import services
    from security.models import RoleGrant, User

    users = User.objects.filter(
        pk__in=RoleGrant.objects.values("user_id").distinct()
    ).only("pk")
    count = 0
    for user in users.iterator():
        services.sync_grant_permissions(user)
        count += 1
    return count


@shared_task
def run_retention() -> dict[str, dict[str, int]]:
    """Carry out the records retention schedule; beat runs it nightly.

    The only code that deletes by schedule. A run stopped by a crash is
    taken up again by the next; while one runs, another does not start.
    """
    from security.retention import engine

    try:
        return engine.run().counts()
    except engine.RunInProgress:
        return {}
