import unicodedata

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bpets.constraints import ChecksOnTheirFields
from staffing import validators

SEARCHED_NAME_FIELDS = {"first_name", "last_name", "nickname"}


def search_text(*parts: str) -> str:
    """Words as the directory compares them: lower case, accents dropped."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


STATE_CHOICES = [(code, code) for code in validators.US_STATES]
BLOOD_TYPE_CHOICES = [(blood, blood) for blood in validators.BLOOD_TYPES]


class Employee(ChecksOnTheirFields, models.Model):
    """One person who works for the agency, employee or contractor.

    The fields fall into the privacy groups of ``staffing.privacy``; which
    of them a user may see or change is decided by ``staffing.policies``.
    """

    class EmploymentType(models.TextChoices):
        EMPLOYEE = "EMPLOYEE", "Employee"
        CONTRACTOR = "CONTRACTOR", "Contractor"

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        SEPARATED = "SEPARATED", "Separated"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employee",
    )

    # Work information: every user sees it.
    first_name = models.CharField(max_length=60)
    middle_initial = models.CharField(max_length=1, blank=True)
    last_name = models.CharField(max_length=60)
    nickname = models.CharField(max_length=60, blank=True)
    job_title = models.CharField(max_length=100)
    duty_station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="employees",
        limit_choices_to={"kind": "STATION"},
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    work_street = models.CharField(max_length=120)
    work_city = models.CharField(max_length=60)
    work_state = models.CharField(max_length=2, choices=STATE_CHOICES)
    work_zip = models.CharField(max_length=10, validators=[validators.zip_code])
    work_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    work_mobile = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    work_email = models.EmailField(blank=True)
    assigned_canine = models.ForeignKey(
        "staffing.Canine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Personal information: hidden from all but the person and their chain,
    # field by field as the person chooses.
    home_street = models.CharField(max_length=120, blank=True)
    home_city = models.CharField(max_length=60, blank=True)
    home_state = models.CharField(max_length=2, choices=STATE_CHOICES, blank=True)
    home_zip = models.CharField(
        max_length=10, blank=True, validators=[validators.zip_code]
    )
    mailing_street = models.CharField(max_length=120, blank=True)
    mailing_city = models.CharField(max_length=60, blank=True)
    mailing_state = models.CharField(max_length=2, choices=STATE_CHOICES, blank=True)
    mailing_zip = models.CharField(
        max_length=10, blank=True, validators=[validators.zip_code]
    )
    home_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    mobile_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    pager = models.CharField(max_length=24, blank=True, validators=[validators.phone])
    phones_unlisted = models.BooleanField(default=False)
    personal_email = models.EmailField(blank=True)
    shown_personal_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Personal fields the person has chosen to show to everyone.",
    )

    # HR information: edited by personnel only.
    employment_type = models.CharField(
        max_length=10, choices=EmploymentType.choices, default=EmploymentType.EMPLOYEE
    )
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    entered_on_duty_date = models.DateField(null=True, blank=True)
    service_computation_date = models.DateField(null=True, blank=True)
    border_patrol_entered_on_duty_date = models.DateField(null=True, blank=True)
    station_entered_on_duty_date = models.DateField(null=True, blank=True)
    academy_class = models.CharField(max_length=20, blank=True)
    job_classification = models.CharField(max_length=40, blank=True)
    pay_plan = models.CharField(max_length=4, blank=True)
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    next_within_grade_increase_date = models.DateField(null=True, blank=True)

    # Medical information.
    doctor_name = models.CharField(max_length=100, blank=True)
    doctor_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    medical_alerts = models.TextField(blank=True)
    health_plan_name = models.CharField(max_length=100, blank=True)
    health_plan_code = models.CharField(max_length=20, blank=True)
    blood_type = models.CharField(max_length=3, choices=BLOOD_TYPE_CHOICES, blank=True)

    # Emergency information (the contacts are rows of their own).
    emergency_patrol_agent_name = models.CharField(max_length=100, blank=True)
    emergency_patrol_agent_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )

    # Identity information.
    hash_id = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        validators=[validators.hash_id],
    )
    drivers_licence_state = models.CharField(
        max_length=2, choices=STATE_CHOICES, blank=True
    )
    drivers_licence_number = models.CharField(max_length=30, blank=True)
    drivers_licence_expiry = models.DateField(null=True, blank=True)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    separation_date = models.DateField(null=True, blank=True)
    separation_reason = models.CharField(max_length=200, blank=True)

    # What the directory matches names against: first name, last name and
    # nickname, lower-cased and without accents, kept by ``save``. Only work
    # information goes in here, so nobody finds a person by a hidden field.
    search_name = models.TextField(blank=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("pk")),
                name="employee_not_own_supervisor",
                violation_error_message="An employee cannot be their own supervisor.",
            ),
            models.CheckConstraint(
                condition=Q(status="ACTIVE") | Q(separation_date__isnull=False),
                name="employee_separation_dated",
                violation_error_message=(
                    "An employee who is no longer active needs a separation date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gte=1, step__lte=10),
                name="employee_step_in_range",
                violation_error_message="The step runs from 1 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=15),
                name="employee_grade_in_range",
                violation_error_message="The grade runs from 1 to 15.",
            ),
            # Required, in the database as in the forms.
            models.CheckConstraint(
                condition=~Q(first_name="")
                & ~Q(last_name="")
                & ~Q(job_title="")
                & ~Q(work_street="")
                & ~Q(work_city="")
                & ~Q(work_zip=""),
                name="employee_required_fields",
                violation_error_message=(
                    "The first and last name, job title, and the work street, "
                    "city and ZIP code are required."
                ),
            ),
            models.CheckConstraint(
                condition=Q(work_state__in=validators.US_STATES),
                name="employee_work_state_known",
                violation_error_message=(
                    "Choose a U.S. state or territory for the work address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(blood_type="") | Q(blood_type__in=validators.BLOOD_TYPES),
                name="employee_blood_type_known",
                violation_error_message="Choose one of the listed blood types.",
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = search_text(self.first_name, self.last_name, self.nickname)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & SEARCHED_NAME_FIELDS:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        # The directory push queues its message from post_save: one
        # transaction holds the change and the message, whoever saves. (No
        # savepoint: a failed save spoils an enclosing transaction anyway.)
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        middle = f" {self.middle_initial}." if self.middle_initial else ""
        return f"{self.first_name}{middle} {self.last_name}"


class QualityStepIncrease(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="quality_step_increases"
    )
    effective_date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date"]

    def __str__(self):
        return f"QSI {self.effective_date}"


class EmergencyContact(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=40)
    phone = models.CharField(max_length=24, validators=[validators.phone])
    alternate_phone = models.CharField(
        max_length=24, blank=True, validators=[validators.phone]
    )
    street = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, choices=STATE_CHOICES, blank=True)
    zip_code = models.CharField(
        max_length=10, blank=True, validators=[validators.zip_code]
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class Skill(models.Model):
    """The agency's catalog of special skills, shipped with the product."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    takes_detail = models.BooleanField(
        default=False, help_text="The person says which (a language, a system)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EmployeeSkill(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    detail = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "skill", "detail"], name="employee_skill_unique"
            )
        ]

    def __str__(self):
        return f"{self.skill.name}: {self.detail}" if self.detail else self.skill.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.skill_id and self.skill.takes_detail and not self.detail.strip():
            raise ValidationError({"detail": f"Say which ({self.skill.name.lower()})."})


class Canine(models.Model):
    name = models.CharField(max_length=40)
    identifier = models.CharField(max_length=20, unique=True)
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="canines",
        limit_choices_to={"kind": "STATION"},
    )
    handler = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_canines",
    )
    certifications = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.identifier})"


class CorrectionRequest(models.Model):
    """An employee asks personnel to correct official data they cannot edit.

    The values are kept as the person typed them (and as the record held
    it then), so the request reads the same after the record has changed.
    """

    class State(models.TextChoices):
        OPEN = "OPEN", "Waiting for personnel"
        ACCEPTED = "ACCEPTED", "Accepted"
        DECLINED = "DECLINED", "Declined"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="correction_requests"
    )
    field_name = models.CharField(max_length=60)
    value_on_record = models.CharField(max_length=200, blank=True)
    requested_value = models.CharField(max_length=200)
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="OPEN")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="correction_decided_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(state="DECLINED") | ~Q(decision_reason=""),
                name="correction_declined_with_reason",
            ),
            models.UniqueConstraint(
                fields=["employee", "field_name"],
                condition=Q(state="OPEN"),
                name="correction_one_open_per_field",
            ),
        ]
        indexes = [models.Index(fields=["state", "employee"])]

    def __str__(self):
        return f"Correction request {self.pk}"


class DirectoryMessage(models.Model):
    """One change of a person's listing, queued for the telephone directory.

    The outbox of the one-way push: a row is written in the transaction
    that changed the listing, and the push task sends it afterwards. Each
    message carries the whole listing (or its removal), so a newer one
    replaces an unsent older one; ``sequence`` counts a person's messages,
    so the directory can also tell an old message from a new one.
    """

    class State(models.TextChoices):
        PENDING = "PENDING", "Waiting to be sent"
        SENT = "SENT", "Sent"
        FAILED = "FAILED", "Failed for good"
        SUPERSEDED = "SUPERSEDED", "Replaced by a newer change"

    class Action(models.TextChoices):
        UPSERT = "upsert", "Listing"
        REMOVE = "remove", "Removal"

    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_messages",
    )
    # The employee's id, which the directory knows them by; kept when the
    # record itself is removed, so a removal can still be sent.
    directory_id = models.PositiveBigIntegerField()
    station = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="+"
    )
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=6, choices=Action.choices)
    payload = models.JSONField(
        null=True, blank=True, help_text="The listing; empty for a removal."
    )
    payload_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Why the last attempt failed, as the sink says it: a status or an
    # error's kind, never the message's content.
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["directory_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["directory_id", "sequence"],
                name="directory_message_sequence_unique",
            ),
            models.CheckConstraint(
                condition=~Q(state="SENT") | Q(sent_at__isnull=False),
                name="directory_message_sent_dated",
            ),
            models.CheckConstraint(
                condition=Q(action="remove") | Q(payload__isnull=False),
                name="directory_message_listing_has_payload",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["station", "state"]),
        ]

    def __str__(self):
        return f"Directory message {self.pk}"
