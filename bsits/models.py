"""Border Safety Initiative tracking: the deaths and rescues that agents
encounter on patrol, and the people involved in them.

An event is never a use-of-force incident. Its subjects are the most
sensitive records of the product: only the station's BSITS editors (and
those above) see them, each look is audited, and no other module, report,
search or export reads this table. Counts leave the module through
``bsits.statistics`` only, and hold no subject data.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class EventType(models.TextChoices):
    DEATH = "DEATH", "Death"
    RESCUE = "RESCUE", "Rescue"


class EventStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    CLOSED = "CLOSED", "Closed"


class Terrain(models.TextChoices):
    DESERT = "DESERT", "Desert"
    MOUNTAINS = "MOUNTAINS", "Mountains or canyon"
    WATERWAY = "WATERWAY", "River, canal or lake"
    BRUSH = "BRUSH", "Brush or farmland"
    ROAD = "ROAD", "Road or rail line"
    URBAN = "URBAN", "Urban"
    OTHER = "OTHER", "Other"


class Circumstance(models.TextChoices):
    HEAT_EXPOSURE = "HEAT_EXPOSURE", "Heat exposure"
    COLD_EXPOSURE = "COLD_EXPOSURE", "Cold exposure"
    DROWNING = "DROWNING", "Drowning or water distress"
    VEHICLE_ACCIDENT = "VEHICLE_ACCIDENT", "Vehicle accident"
    TRAIN = "TRAIN", "Struck by a train"
    FALL = "FALL", "Fall (wall, cliff or canyon)"
    MEDICAL = "MEDICAL", "Medical emergency"
    LOST = "LOST", "Lost or abandoned"
    SKELETAL_REMAINS = "SKELETAL_REMAINS", "Skeletal remains found"
    OTHER = "OTHER", "Other"


class Response(models.TextChoices):
    BORSTAR = "BORSTAR", "BORSTAR"
    EMS = "EMS", "EMS (ambulance)"
    AIR_SUPPORT = "AIR_SUPPORT", "Air support"
    FIRE = "FIRE", "Fire department"
    LOCAL_POLICE = "LOCAL_POLICE", "Local law enforcement"
    MEDICAL_EXAMINER = "MEDICAL_EXAMINER", "Medical examiner"
    MEXICAN_AUTHORITIES = "MEXICAN_AUTHORITIES", "Mexican authorities"
    OTHER = "OTHER", "Other"


class Gender(models.TextChoices):
    FEMALE = "FEMALE", "Female"
    MALE = "MALE", "Male"
    UNKNOWN = "UNKNOWN", "Unknown"


class CitizenshipStatus(models.TextChoices):
    US_CITIZEN = "US_CITIZEN", "U.S. citizen"
    PERMANENT_RESIDENT = "PERMANENT_RESIDENT", "Lawful permanent resident"
    NON_CITIZEN = "NON_CITIZEN", "Non-citizen"
    UNKNOWN = "UNKNOWN", "Not known"


class Disposition(models.TextChoices):
    PENDING = "PENDING", "Not yet known"
    HOSPITALIZED = "HOSPITALIZED", "In hospital"
    TREATED_RELEASED = "TREATED_RELEASED", "Treated and released"
    DECEASED = "DECEASED", "Deceased (remains with the medical examiner)"
    HANDED_OVER = "HANDED_OVER", "Handed to another agency"
    ARRESTED = "ARRESTED", "Arrested"
    DETAINED = "DETAINED", "Detained"
    REMOVED = "REMOVED", "Removed"
    VOLUNTARY_RETURN = "VOLUNTARY_RETURN", "Returned voluntarily"


NOT_FINAL = (Disposition.PENDING, Disposition.HOSPITALIZED)
# An arrest, a detention or a removal: the event is kept 75 years.
ENFORCEMENT_DISPOSITIONS = (
    Disposition.ARRESTED,
    Disposition.DETAINED,
    Disposition.REMOVED,
)

# The enforcement system's event number (the station's three-letter code
# and ten digits) and the fingerprint identification number (ten digits).
ENFORCEMENT_EVENT_NUMBER = re.compile(r"[A-Z]{3}\d{10}")
FIN = re.compile(r"\d{10}")


def validate_enforcement_event_number(value: str) -> None:
    if value and not ENFORCEMENT_EVENT_NUMBER.fullmatch(value):
        raise ValidationError(
            "An enforcement event number is three capital letters and ten "
            "digits, as NGL2604000123."
        )


def validate_fin(value: str) -> None:
    if value and not FIN.fullmatch(value):
        raise ValidationError("A FIN is ten digits, as 1234567890.")


class Event(models.Model):
    number = models.CharField(max_length=20, unique=True)
    event_type = models.CharField("type", max_length=6, choices=EventType.choices)
    occurred_at = models.DateTimeField("date and time")
    # The station's local date, and its fiscal year (October to September),
    # kept so that the counts group in the database.
    occurred_on = models.DateField(editable=False)
    fiscal_year = models.PositiveSmallIntegerField(editable=False, db_index=True)
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="bsits_events",
        limit_choices_to={"kind": "STATION"},
    )
    sector = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    location_description = models.TextField("location")
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    terrain = models.CharField(max_length=10, choices=Terrain.choices)
    circumstance = models.CharField(max_length=16, choices=Circumstance.choices)
    circumstance_notes = models.TextField("what happened", blank=True)
    medical_examiner_cause = models.TextField(
        "cause of death (medical examiner)", blank=True
    )
    responses = models.JSONField("agency response", default=list, blank=True)
    response_notes = models.TextField("response notes", blank=True)
    status = models.CharField(
        max_length=6, choices=EventStatus.choices, default=EventStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Set on an event that came from the enforcement system: its number
    # there, and what its last message said of each field (as in the
    # message), which tells a BSITS editor's later change from the system's.
    enforcement_event_number = models.CharField(
        max_length=13, blank=True, validators=[validate_enforcement_event_number]
    )
    enforcement_values = models.JSONField(default=dict, blank=True, editable=False)
    enforcement_message_id = models.CharField(
        "last enforcement message", max_length=40, blank=True, editable=False
    )
    # Every message id the system has had applied to this event, and the
    # sending time of the newest: a replayed message then changes nothing,
    # and a late one cannot undo what a newer one said.
    enforcement_message_ids = models.JSONField(default=list, blank=True, editable=False)
    enforcement_sent_at = models.DateTimeField(
        "last enforcement message sent", null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enforcement_event_number"],
                condition=~Q(enforcement_event_number=""),
                name="bsits_one_event_per_enforcement_number",
            ),
            models.CheckConstraint(
                condition=Q(event_type="DEATH") | Q(medical_examiner_cause=""),
                name="bsits_cause_of_death_only_for_a_death",
                violation_error_message=(
                    "Only a death has a cause determined by the medical examiner."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="OPEN") | Q(closed_at__isnull=False),
                name="bsits_closed_with_its_time",
                violation_error_message="A closed event records when it was closed.",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                    & Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                ),
                name="bsits_coordinates_in_range",
                violation_error_message=(
                    "Latitude runs from -90 to 90 and longitude from -180 to 180, "
                    "in decimal degrees."
                ),
            ),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        unknown = sorted(set(self.responses or []) - set(Response.values))
        if unknown:
            raise ValidationError({"responses": "Choose responses from the list."})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": "Give the latitude and the longitude, or neither."}
            )

    @property
    def response_labels(self) -> list[str]:
        return [Response(code).label for code in self.responses]


class Subject(models.Model):
    """A person involved in an event: the strictest-kept record of BPETS."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="subjects")
    family_name = models.CharField(max_length=80, blank=True)
    given_names = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    gender = models.CharField(max_length=7, choices=Gender.choices)
    citizenship_status = models.CharField(
        max_length=18, choices=CitizenshipStatus.choices
    )
    disposition = models.CharField(max_length=16, choices=Disposition.choices)
    enforcement_event_number = models.CharField(
        max_length=13, blank=True, validators=[validate_enforcement_event_number]
    )
    fin = models.CharField("FIN", max_length=10, blank=True, validators=[validate_fin])
    # A subject the enforcement system sent: its number within the event
    # there, and what the system's last message said of each field.
    enforcement_subject_number = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False
    )
    enforcement_values = models.JSONField(default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enforcement_subject_number"],
                condition=Q(enforcement_subject_number__isnull=False),
                name="bsits_one_subject_per_enforcement_number",
            ),
        ]

    def __str__(self):
        return f"Subject {self.pk} of {self.event.number}"

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def is_final(self) -> bool:
        return self.disposition not in NOT_FINAL

    @property
    def in_enforcement_action(self) -> bool:
        return (
            self.citizenship_status == CitizenshipStatus.NON_CITIZEN
            and self.disposition in ENFORCEMENT_DISPOSITIONS
        )

    def clean(self):
        linked = self.enforcement_event_number or self.fin
        if linked and not self.in_enforcement_action:
            raise ValidationError(
                {
                    "enforcement_event_number": (
                        "The link to an enforcement event is only for a "
                        "non-citizen arrested, detained or removed."
                    )
                }
            )


class ReviewDecision(models.TextChoices):
    SYSTEM = "SYSTEM", "The enforcement system's value taken"
    LOCAL = "LOCAL", "The local value kept"
    SUPERSEDED = "SUPERSEDED", "Overtaken by a later message"


class ReviewItem(models.Model):
    """A field a BSITS editor changed since the enforcement system's last
    message, which a newer message would have changed again: kept as the
    editor left it until an editor of the station decides.

    The values are as a message writes them. A subject's values are the
    subject's personal data, seen only by the station's BSITS editors.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="review_items"
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="review_items",
        null=True,
        blank=True,
    )
    field = models.CharField(max_length=40)
    local_value = models.JSONField(null=True, blank=True)
    system_value = models.JSONField(null=True, blank=True)
    message_id = models.CharField(max_length=40)
    received_at = models.DateTimeField()
    decision = models.CharField(
        max_length=10, choices=ReviewDecision.choices, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "field"],
                condition=Q(decision="", subject__isnull=True),
                name="bsits_one_open_review_per_event_field",
            ),
            models.UniqueConstraint(
                fields=["subject", "field"],
                condition=Q(decision="", subject__isnull=False),
                name="bsits_one_open_review_per_subject_field",
            ),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True)
                | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="bsits_review_decided_with_its_time",
            ),
        ]

    def __str__(self):
        return f"Review {self.pk} of {self.event.number}"

    @property
    def is_open(self) -> bool:
        return not self.decision
