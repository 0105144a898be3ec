"""The groups an employee's fields fall into (see the README's privacy table).

Each group has its own audience, decided in ``staffing.policies``. A field
in no group is a bug: a test checks every model field is placed.
"""

WORK = "work"
PERSONAL = "personal"
HR = "hr"
MEDICAL = "medical"
EMERGENCY = "emergency"
IDENTITY = "identity"

GROUP_TITLES = {
    WORK: "Work information",
    PERSONAL: "Personal information",
    HR: "HR information",
    MEDICAL: "Medical information",
    EMERGENCY: "Emergency information",
    IDENTITY: "Identity information",
}

FIELDS = {
    WORK: (
        "first_name",
        "middle_initial",
        "last_name",
        "nickname",
        "job_title",
        "duty_station",
        "supervisor",
        "work_street",
        "work_city",
        "work_state",
        "work_zip",
        "work_phone",
        "work_mobile",
        "work_email",
        "assigned_canine",
        "status",
    ),
    PERSONAL: (
        "home_street",
        "home_city",
        "home_state",
        "home_zip",
        "mailing_street",
        "mailing_city",
        "mailing_state",
        "mailing_zip",
        "home_phone",
        "mobile_phone",
        "pager",
        "phones_unlisted",
        "personal_email",
    ),
    HR: (
        "employment_type",
        "date_of_birth",
        "gender",
        "entered_on_duty_date",
        "service_computation_date",
        "border_patrol_entered_on_duty_date",
        "station_entered_on_duty_date",
        "academy_class",
        "job_classification",
        "pay_plan",
        "grade",
        "step",
        "next_within_grade_increase_date",
        "separation_date",
        "separation_reason",
    ),
    MEDICAL: (
        "doctor_name",
        "doctor_phone",
        "medical_alerts",
        "health_plan_name",
        "health_plan_code",
        "blood_type",
    ),
    EMERGENCY: ("emergency_patrol_agent_name", "emergency_patrol_agent_phone"),
    IDENTITY: (
        "hash_id",
        "drivers_licence_state",
        "drivers_licence_number",
        "drivers_licence_expiry",
    ),
}

# Not information about the person: how the record itself is kept.
BOOKKEEPING = ("id", "user", "shown_personal_fields", "search_name")

# The personal fields a person may choose to show to everyone, in pairs
# that belong together (an address is shown whole or not at all).
SHOWABLE = {
    "home_address": ("home_street", "home_city", "home_state", "home_zip"),
    "mailing_address": (
        "mailing_street",
        "mailing_city",
        "mailing_state",
        "mailing_zip",
    ),
    "home_phone": ("home_phone",),
    "mobile_phone": ("mobile_phone",),
    "pager": ("pager",),
    "personal_email": ("personal_email",),
}

GROUP_OF = {name: group for group, names in FIELDS.items() for name in names}
