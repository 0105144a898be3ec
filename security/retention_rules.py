"""The security module's part of the records retention schedule."""

from django.db.models import Exists, OuterRef, Subquery

from security import audit_chain, retention
from security.models import (
    AccessRequest,
    AuditChainLink,
    AuditEvent,
    RoleGrant,
    User,
)
from security.retention import Period, Rule, Source, purging, schedule

GENERAL_SCHEDULE_AUDIT_ITEM = "GRS 3.2, item 031"

# The account's safeguards that are account management records.
ACCOUNT_MANAGEMENT_FIELDS = (
    "background_investigation_status",
    "background_investigation_date",
    "security_training_date",
)


def _ended_before(cutoff):
    return User.objects.filter(is_active=False, account_ended_on__lt=cutoff)


def _audit_chains_due(cutoff):
    return _ended_before(cutoff).filter(
        Exists(AuditEvent.objects.filter(actor_id=OuterRef("pk")))
    )


def _remove_audit_chains(user_ids) -> int:
    for user_id in user_ids:
        audit_chain.remove_chain(AuditEvent.chain_for(user_id), source="retention")
    return len(user_ids)


AUDIT_RECORDS = Rule(
    code="security.audit_records",
    title="Audit records",
    records=(
        "The audit log chain of an account: its logins, searches, looks at "
        "personal data and every other event it caused."
    ),
    runs_from="The account is terminated (disabled at separation or by an "
    "access administrator).",
    sources=(
        Source(
            GENERAL_SCHEDULE_AUDIT_ITEM,
            Period(years=6),
            "System access records: destroy 6 years after the password is "
            "altered or the user account is terminated, or longer while a "
            "legal hold stands.",
        ),
        Source(
            "Agency schedule, audit files",
            Period(years=15),
            "Audit files: destroy 15 years after the account is terminated.",
        ),
    ),
    due=_audit_chains_due,
    purge=_remove_audit_chains,
    person="pk",
    kind="audit chain of user",
    # A chain and its removal record go in a transaction of their own.
    batch_size=1,
)


def _password_changes_due(cutoff):
    """Password changes older than the period with events sealed before them.

    Only the general schedule counts from a password change; the agency's
    audit-files item counts from the account's end alone, so while that
    longer item applies the start of a chain is never due.
    """
    applied = schedule.applied(AUDIT_RECORDS).source.citation
    if applied != GENERAL_SCHEDULE_AUDIT_ITEM:
        return AuditEvent.objects.none()

    own_sequence = AuditChainLink.objects.filter(event_id=OuterRef("pk")).values(
        "sequence"
    )[:1]
    sealed_before = AuditChainLink.objects.filter(
        chain=OuterRef("chain"), sequence__lt=OuterRef("sequence")
    )
    return (
        AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PASSWORD_CHANGED,
            chain__startswith="user:",
            occurred_at__date__lt=cutoff,
        )
        .annotate(sequence=Subquery(own_sequence))
        .filter(Exists(sealed_before))
    )


def _cut_chains_before(event_ids) -> int:
    for event_id in event_ids:
        audit_chain.remove_chain_before(event_id, source="retention")
    return len(event_ids)


SUPERSEDED_PASSWORD_AUDIT = Rule(
    code="security.audit_superseded_password",
    title="Audit records of a superseded password",
    records=(
        "The events of an account's audit log chain made before a password "
        "change: everything the account did under its earlier passwords."
    ),
    runs_from="The password is altered (the password change event).",
    follows="security.audit_records",
    due=_password_changes_due,
    purge=_cut_chains_before,
    person="actor_id",
    kind="password change, with the chain's events before it",
    # Each cut and its record in the system chain in a transaction of its own.
    batch_size=1,
    notes=(
        "Carried out only while GRS 3.2, item 031 is the source applied to "
        "audit records: the agency's audit-files item runs from the end of "
        "the account alone."
    ),
)


def _account_records_due(cutoff):
    has_records = (
        Exists(RoleGrant.objects.filter(user=OuterRef("pk")))
        | Exists(RoleGrant.history.filter(user_id=OuterRef("pk")))
        | Exists(AccessRequest.objects.filter(requester=OuterRef("pk")))
        | Exists(AccessRequest.history.filter(requester_id=OuterRef("pk")))
        | purging.still_holding(User, ACCOUNT_MANAGEMENT_FIELDS)
    )
    return _ended_before(cutoff).filter(has_records)


def _purge_account_records(user_ids) -> int:
    # Grants first: a grant names the request it answered.
    # Whole records go with their history (deleting writes one more row).
    RoleGrant.objects.filter(user__in=user_ids).delete()
    RoleGrant.history.filter(user_id__in=user_ids).delete()
    AccessRequest.objects.filter(requester__in=user_ids).delete()
    AccessRequest.history.filter(requester_id__in=user_ids).delete()
    return purging.blank_field_group(
        User,
        user_ids,
        ACCOUNT_MANAGEMENT_FIELDS,
        reason="Retention: user account management records",
    )


ACCOUNT_MANAGEMENT = Rule(
    code="security.account_management",
    title="User account management records",
    records=(
        "An account's role grants and access requests (with their history), "
        "its background investigation and its security training dates."
    ),
    runs_from="The account is terminated at the person's separation.",
    sources=(
        Source(
            "Agency schedule, user account management records",
            Period(years=10),
            "Grants, access requests, investigations and training: destroy 10 "
            "years after separation.",
        ),
    ),
    due=_account_records_due,
    purge=_purge_account_records,
    person="pk",
    kind="account management records of user",
    batch_size=100,
)


def register_rules() -> None:
    retention.register(AUDIT_RECORDS)
    retention.register(SUPERSEDED_PASSWORD_AUDIT)
    retention.register(ACCOUNT_MANAGEMENT)
