"""Scheduling's reference data: pay periods, zones and their technology,
activities, shift templates, workgroups and schedule groups."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from bpets.constraints import ChecksOnTheirFields

STATION = {"kind": "STATION"}


class PayPeriod(models.Model):
    """A pay period of the federal grid (see ``scheduling.pay_periods``);
    rows are made for a year as schedules need them."""

    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField(unique=True)
    end_date = models.DateField(unique=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="pay_period_numbered_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=27),
                name="pay_period_number_in_range",
            ),
        ]

    def __str__(self):
        return (
            f"PP {self.number:02d}/{self.year} "
            f"({self.start_date:%d %b} – {self.end_date:%d %b %Y})"
        )


class Zone(ChecksOnTheirFields, models.Model):
    """A named, coded part of a station's area of responsibility."""

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="zones",
        limit_choices_to=STATION,
    )
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    minimum_agents = models.PositiveSmallIntegerField(
        default=0,
        help_text="Fewer agents than this in the zone on a shift is a warning.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "code"], name="zone_code_unique_at_station"
            ),
            models.CheckConstraint(
                condition=~Q(code=""),
                name="zone_has_code",
                violation_error_message="A zone needs a code.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class ZoneTechnology(models.Model):
    """Technology deployed in a zone: permanent (towers, fixed cameras,
    sensors) or mobile (surveillance systems, scope trucks)."""

    class Category(models.TextChoices):
        PERMANENT = "PERMANENT", "Permanent"
        MOBILE = "MOBILE", "Mobile"

    class Kind(models.TextChoices):
        TOWER = "TOWER", "Surveillance tower"
        FIXED_CAMERA = "FIXED_CAMERA", "Fixed camera"
        SENSOR = "SENSOR", "Ground sensor"
        MOBILE_SURVEILLANCE = "MSS", "Mobile surveillance system"
        SCOPE_TRUCK = "SCOPE_TRUCK", "Scope truck"
        OTHER = "OTHER", "Other"

    class Status(models.TextChoices):
        OPERATIONAL = "OPERATIONAL", "Operational"
        DEGRADED = "DEGRADED", "Degraded"
        OUT_OF_SERVICE = "OUT_OF_SERVICE", "Out of service"
        REMOVED = "REMOVED", "Removed"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="technology")
    category = models.CharField(max_length=10, choices=Category.choices)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    identifier = models.CharField(max_length=40)
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.OPERATIONAL
    )
    deployed_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["zone", "kind", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "identifier"], name="technology_identifier_unique"
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True)
                | Q(removed_on__gte=F("deployed_on")),
                name="technology_removed_after_deployed",
                violation_error_message=(
                    "The day it was removed cannot be before the day it was deployed."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier}"


class Activity(models.Model):
    """What an agent is scheduled to do. The national catalog ships with the
    product (``station`` empty); a station may add its own."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    is_enforcement = models.BooleanField()
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=STATION,
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(station__isnull=True),
                name="activity_national_code_unique",
            ),
            models.UniqueConstraint(
                fields=["station", "code"], name="activity_station_code_unique"
            ),
        ]

    def __str__(self):
        return self.name


class SubActivity(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="sub_activities"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=STATION,
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "name"]
        verbose_name_plural = "sub-activities"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "code"],
                condition=Q(station__isnull=True),
                name="sub_activity_national_code_unique",
            ),
            models.UniqueConstraint(
                fields=["activity", "station", "code"],
                name="sub_activity_station_code_unique",
            ),
        ]

    def __str__(self):
        return f"{self.activity.name}: {self.name}"


class ShiftTemplate(ChecksOnTheirFields, models.Model):
    """A station's usual shifts: a name, a local start time and a length."""

    class Kind(models.TextChoices):
        DAYS = "DAYS", "Days"
        SWINGS = "SWINGS", "Swings"
        MIDS = "MIDS", "Mids"
        OTHER = "OTHER", "Other"

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="shift_templates",
        limit_choices_to=STATION,
    )
    name = models.CharField(max_length=40)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    start_time = models.TimeField(help_text="Local time at the station.")
    length_minutes = models.PositiveSmallIntegerField(
        help_text="As the clocks read it: a daylight-saving night changes the hours."
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "name"], name="shift_template_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(length_minutes__gte=60, length_minutes__lte=16 * 60),
                name="shift_template_length_sane",
                violation_error_message="A shift lasts from 1 to 16 hours.",
            ),
        ]

    def __str__(self):
        hours, minutes = divmod(self.length_minutes, 60)
        length = f"{hours} h" + (f" {minutes} min" if minutes else "")
        return f"{self.name} ({self.start_time:%H:%M}, {length})"


class Workgroup(models.Model):
    """The units of a station and the teams inside them."""

    class Kind(models.TextChoices):
        UNIT = "UNIT", "Unit"
        TEAM = "TEAM", "Team"

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="workgroups",
        limit_choices_to=STATION,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    name = models.CharField(max_length=80)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "parent", "name"], name="workgroup_name_unique"
            ),
            # A unit stands under the station; a team inside a unit.
            models.CheckConstraint(
                condition=Q(kind="UNIT", parent__isnull=True)
                | Q(kind="TEAM", parent__isnull=False),
                name="workgroup_parent_by_kind",
                violation_error_message=(
                    "A unit stands directly under the station, "
                    "and a team inside a unit."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class ScheduleGroup(models.Model):
    """The staff a supervisor schedules together."""

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="schedule_groups",
        limit_choices_to=STATION,
    )
    name = models.CharField(max_length=80)
    supervisor = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="+"
    )
    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "name"], name="schedule_group_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class ScheduleGroupMember(models.Model):
    group = models.ForeignKey(
        ScheduleGroup, on_delete=models.CASCADE, related_name="members"
    )
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            # One person is scheduled in one group.
            models.UniqueConstraint(
                fields=["employee"], name="schedule_group_member_once"
            )
        ]

    def __str__(self):
        return f"{self.employee} in {self.group}"


class Weekday(models.IntegerChoices):
    """Days of the administrative week, which runs Sunday to Saturday."""

    SUNDAY = 0, "Sunday"
    MONDAY = 1, "Monday"
    TUESDAY = 2, "Tuesday"
    WEDNESDAY = 3, "Wednesday"
    THURSDAY = 4, "Thursday"
    FRIDAY = 5, "Friday"
    SATURDAY = 6, "Saturday"


def weekday_of(day) -> int:
    """A date's place in the administrative week (Sunday 0)."""
    return day.isoweekday() % 7


class OvertimeLevel(models.TextChoices):
    """The tour an agent elects each year (Border Patrol Agent Pay Reform
    Act): hours a pay period, regular and overtime together."""

    LEVEL_1 = "LEVEL_1", "Level 1 (100 hours a pay period)"
    LEVEL_2 = "LEVEL_2", "Level 2 (90 hours a pay period)"
    BASIC = "BASIC", "Basic (80 hours a pay period)"


TOUR_HOURS = {
    OvertimeLevel.LEVEL_1: 100,
    OvertimeLevel.LEVEL_2: 90,
    OvertimeLevel.BASIC: 80,
}


class ScheduleDefault(models.Model):
    """How an employee is scheduled unless someone says otherwise: the G-259
    is initialized from these."""

    class WorkStatus(models.TextChoices):
        FULL_DUTY = "FULL_DUTY", "Full duty"
        LIGHT_DUTY = "LIGHT_DUTY", "Light duty"
        ADMINISTRATIVE = "ADMINISTRATIVE", "Administrative duty"
        TRAINING = "TRAINING", "In training"

    employee = models.OneToOneField(
        "staffing.Employee", on_delete=models.CASCADE, related_name="schedule_default"
    )
    shift_template = models.ForeignKey(
        ShiftTemplate, on_delete=models.PROTECT, related_name="+"
    )
    first_day_off = models.PositiveSmallIntegerField(choices=Weekday.choices)
    second_day_off = models.PositiveSmallIntegerField(choices=Weekday.choices)
    in_lieu_of_sunday = models.PositiveSmallIntegerField(
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text=(
            "For someone who works Sundays: the day off that counts as their "
            "Sunday when a holiday falls on it."
        ),
    )
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    sub_activity = models.ForeignKey(
        SubActivity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    work_status = models.CharField(
        max_length=14, choices=WorkStatus.choices, default=WorkStatus.FULL_DUTY
    )
    overtime_level = models.CharField(
        max_length=7, choices=OvertimeLevel.choices, default=OvertimeLevel.LEVEL_1
    )
    overtime_year = models.PositiveSmallIntegerField(
        help_text="The leave year the overtime level was elected for."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_day_off=F("second_day_off")),
                name="default_two_days_off",
                violation_error_message="The two regular days off must differ.",
            ),
            # Someone off on Sundays needs no day in lieu of it; anyone else
            # designates one of their days off.
            models.CheckConstraint(
                condition=(Q(first_day_off=0) | Q(second_day_off=0))
                & Q(in_lieu_of_sunday__isnull=True)
                | ~Q(first_day_off=0)
                & ~Q(second_day_off=0)
                # A check passes on NULL, so the day must be there to compare.
                & Q(in_lieu_of_sunday__isnull=False)
                & (
                    Q(in_lieu_of_sunday=F("first_day_off"))
                    | Q(in_lieu_of_sunday=F("second_day_off"))
                ),
                name="default_in_lieu_of_sunday_is_a_day_off",
                violation_error_message=(
                    "Someone who works Sundays designates one of their days off "
                    "in lieu of Sunday; someone off on Sundays designates none."
                ),
            ),
        ]

    def __str__(self):
        return f"Schedule default of {self.employee}"

    @property
    def days_off(self) -> set[int]:
        return {self.first_day_off, self.second_day_off}
