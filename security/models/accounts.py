import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A login, and the safeguards on it.

    Who the person is (their profile) lives in staffing. Accounts exist only
    where an authorized user created them: there is no self-registration.
    """

    class Investigation(models.TextChoices):
        NONE = "NONE", "None on record"
        PENDING = "PENDING", "Pending"
        FAVORABLE = "FAVORABLE", "Favorable"
        UNFAVORABLE = "UNFAVORABLE", "Unfavorable"

    home_unit = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text="The part of the tree whose access administrators manage it.",
    )
    background_investigation_status = models.CharField(
        max_length=12, choices=Investigation.choices, default=Investigation.NONE
    )
    background_investigation_date = models.DateField(null=True, blank=True)
    security_training_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the annual security and privacy training was last done.",
    )
    password_change_required = models.BooleanField(
        default=False,
        help_text="Set when an administrator chose the password; cleared when "
        "the person sets their own.",
    )
    account_ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the account was disabled; retention periods run from it.",
    )
    # Rotated at every login: a session made before it no longer matches,
    # which is how a new login ends the older session.
    session_nonce = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["password", "session_nonce", "last_login"]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(background_investigation_status="NONE")
                | models.Q(background_investigation_date__isnull=False),
                name="user_investigation_has_date",
            ),
        ]

    @property
    def has_favorable_investigation(self) -> bool:
        return self.background_investigation_status == self.Investigation.FAVORABLE

    def rotate_session_nonce(self) -> None:
        self.session_nonce = secrets.token_hex(16)

    def _get_session_auth_hash(self, secret=None):
        # Django's own hash covers the password only; the nonce makes every
        # older session of this user stop matching once they log in again.
        return salted_hmac(
            "security.User.session",
            f"{self.password}|{self.session_nonce}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()
