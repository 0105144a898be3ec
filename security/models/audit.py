from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One thing that happened to a safeguard or to someone's data. Append-only.

    Rows are never updated or deleted (the database refuses both), except
    that the retention engine may remove a whole chain of a long-gone
    account, or the start of a chain made under a password changed long
    ago, after recording it in the system chain. An event holds ids and
    kinds, never a password, a secret or the personal data that was seen.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "Login"
        LOGOUT = "logout", "Logoff"
        LOGIN_FAILED = "login.failed", "Failed login"
        LOCKOUT = "lockout", "Lockout"
        LOCKOUT_LIFTED = "lockout.lifted", "Lockout lifted"
        SESSION_SUPERSEDED = "session.superseded", "Session ended by a newer login"
        SESSION_EXPIRED = "session.expired", "Session ended by time limit"
        GRANT = "grant", "Role granted"
        SELF_GRANT = "grant.self", "Role granted to oneself"
        REVOKE = "revoke", "Role revoked"
        GRANT_REFUSED = "grant.refused", "Grant refused"
        ACCESS_REQUESTED = "access_request", "Access requested"
        ACCESS_DECIDED = "access_request.decided", "Access request decided"
        DENIED = "denied", "Access denied"
        SAFEGUARD_CHANGED = "safeguard.changed", "Safeguard changed"
        ACCOUNT_CREATED = "account.created", "Account created"
        TRAINING_ATTESTED = "training.attested", "Training attested"
        PASSWORD_CHANGED = "password.changed", "Password changed"
        PERSONAL_DATA_VIEWED = "personal_data.viewed", "Personal data viewed"
        PERSONAL_DATA_SEARCHED = "personal_data.searched", "Personal data searched"
        AUDIT_SEARCHED = "audit.searched", "Audit log searched"
        CHAIN_REMOVED = "audit.chain_removed", "Audit chain removed by retention"
        CHAIN_CUT = (
            "audit.chain_cut",
            "Start of an audit chain removed by retention",
        )
        RETENTION_RUN = "retention.run", "Retention run"
        LEGAL_HOLD_PLACED = "retention.hold_placed", "Legal hold placed"
        LEGAL_HOLD_LIFTED = "retention.hold_lifted", "Legal hold lifted"
        RETENTION_SOURCE_CHOSEN = "retention.source_chosen", "Retention source chosen"
        EXPORTED = "export", "Records exported"
        EMPLOYEES_IMPORTED = "employees.imported", "Employee records imported"
        ADMIN_CHANGED = "admin.changed", "Changed in the admin"
        CONFLICT_OVERRIDDEN = (
            "schedule.conflict_overridden",
            "Schedule conflict overridden",
        )
        SCHEDULE_REOPENED = "schedule.reopened", "Finalized schedule reopened"
        SNAPSHOT_IMPORTED = "snapshot.imported", "Statistical snapshot imported"
        RELEASE_REQUESTED = "report.release_requested", "Report release requested"
        RELEASE_DECIDED = "report.release_decided", "Report release decided"
        SERVICE_ACCOUNT_CREATED = (
            "service_account.created",
            "Service account created",
        )
        SERVICE_TOKEN_ISSUED = "service_token.issued", "Service token issued"
        SERVICE_TOKEN_REVOKED = "service_token.revoked", "Service token revoked"
        INTERFACE_RECEIVED = "interface.received", "Signed data received"
        INTERFACE_REFUSED = "interface.refused", "Data or token refused"
        INTERFACE_PULLED = "interface.pulled", "Extract pulled"

    SYSTEM_CHAIN = "system"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Plain ids, not foreign keys: an audit row outlives the row it names
    # and must never be changed by a cascade.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    chain = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The page, export or command."
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    subject_user_id = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Whose information or account the event is about.",
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor_username or 'system'}"

    @staticmethod
    def chain_for(actor_id) -> str:
        return f"user:{actor_id}" if actor_id else AuditEvent.SYSTEM_CHAIN


class AuditChainLink(models.Model):
    """The seal of one event in its actor's chain. Append-only too.

    ``hash`` covers the event's canonical form and ``previous_hash``, so an
    edited event, a removed one or a reordered chain no longer verifies.
    """

    event_id = models.BigIntegerField(unique=True)
    chain = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "sequence"], name="audit_chain_link_sequence"
            )
        ]

    def __str__(self):
        return f"{self.chain} #{self.sequence}"
