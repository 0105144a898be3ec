"""The staffing module's part of the records retention schedule.

Registered into security's registry when staffing loads (security never
imports staffing). Each rule blanks a group of an employee's fields, on
the profile and in every history row of it.
"""

from django.db.models import Exists, OuterRef, Q

from security import retention
from security.retention import Period, Rule, Source, purging
from staffing import privacy
from staffing.models import EmergencyContact, Employee

MEDICAL_FIELDS = privacy.FIELDS[privacy.MEDICAL]
# The work address is the duty station's, not the person's: it stays.
WORK_CONTACT_FIELDS = ("work_phone", "work_mobile", "work_email")
# Whether the phones are unlisted is a choice, not contact information.
PERSONAL_CONTACT_FIELDS = (
    tuple(
        name for name in privacy.FIELDS[privacy.PERSONAL] if name != "phones_unlisted"
    )
    + privacy.FIELDS[privacy.EMERGENCY]
)
# Every field of an emergency contact is the contact's information.
CONTACT_FIELDS = tuple(
    field.name
    for field in EmergencyContact._meta.concrete_fields
    if field.name not in ("id", "employee")
)

SEPARATED = Employee.Status.SEPARATED


def _separated_before(cutoff):
    return Employee.objects.filter(status=SEPARATED, separation_date__lt=cutoff)


def _blanked_at_separation(field_names, reason: str):
    """The due and purge of a group of fields that goes after separation."""

    def due(cutoff):
        return _separated_before(cutoff).filter(
            purging.still_holding(Employee, field_names)
        )

    def purge(employee_ids) -> int:
        return purging.blank_field_group(
            Employee, employee_ids, field_names, reason=reason
        )

    return due, purge


_medical_due, _purge_medical = _blanked_at_separation(
    MEDICAL_FIELDS, "Retention: medical information at separation"
)
MEDICAL = Rule(
    code="staffing.medical",
    title="Medical information",
    records=(
        "An employee's doctor and phone, medical alerts, health plan and code, "
        "and blood type, on the profile and in its history."
    ),
    runs_from="The employee's separation.",
    sources=(
        Source(
            "Agency schedule, employee medical information",
            Period(),
            "Kept until the employee separates.",
        ),
    ),
    due=_medical_due,
    purge=_purge_medical,
    person="user",
    kind="employee (medical fields)",
)


_work_contact_due, _purge_work_contact = _blanked_at_separation(
    WORK_CONTACT_FIELDS, "Retention: work contact information after separation"
)
WORK_CONTACT = Rule(
    code="staffing.work_contact",
    title="Work contact information",
    records=(
        "An employee's work phone, work mobile and work e-mail, on the profile "
        "and in its history."
    ),
    runs_from="The employee's separation.",
    sources=(
        Source(
            "Agency schedule, work contact information",
            Period(years=1),
            "Destroy one year after separation.",
        ),
    ),
    due=_work_contact_due,
    purge=_purge_work_contact,
    person="user",
    kind="employee (work contact fields)",
)


def _contacts_on_record():
    """Employees with an emergency contact, or one in the contacts' history."""
    return Exists(EmergencyContact.objects.filter(employee=OuterRef("pk"))) | Exists(
        EmergencyContact.history.filter(
            purging.any_value(EmergencyContact, CONTACT_FIELDS),
            employee_id=OuterRef("pk"),
        )
    )


def _personal_contact_due(cutoff):
    at_separation = Q(status=SEPARATED, separation_date__lt=cutoff) & (
        purging.still_holding(Employee, PERSONAL_CONTACT_FIELDS) | _contacts_on_record()
    )
    superseded = purging.superseded(
        Employee, PERSONAL_CONTACT_FIELDS
    ) | purging.superseded(EmergencyContact, CONTACT_FIELDS, link="employee_id")
    return Employee.objects.filter(at_separation | superseded)


def _purge_personal_contact(employee_ids) -> int:
    separated = list(
        Employee.objects.filter(pk__in=employee_ids, status=SEPARATED).values_list(
            "pk", flat=True
        )
    )
    if separated:
        purging.blank_field_group(
            Employee,
            separated,
            PERSONAL_CONTACT_FIELDS,
            reason="Retention: personal and emergency contacts at separation",
        )
        EmergencyContact.objects.filter(employee__in=separated).delete()

    # What is left of the contacts, and every superseded value, is blanked
    # in the history; the rows themselves stay.
    purging.blank_superseded(Employee, Q(id__in=employee_ids), PERSONAL_CONTACT_FIELDS)
    purging.blank_superseded(
        EmergencyContact, Q(employee_id__in=employee_ids), CONTACT_FIELDS
    )
    return len(employee_ids)


PERSONAL_CONTACT = Rule(
    code="staffing.personal_contact",
    title="Personal and emergency contact information",
    records=(
        "An employee's home and mailing addresses, personal phones, pager and "
        "e-mail, emergency patrol agent and emergency contacts: superseded "
        "values in the history, and all of it at separation (the emergency "
        "contacts are removed)."
    ),
    runs_from=(
        "The value is superseded; or the employee separates or transfers out "
        "of the agency (recorded as a separation)."
    ),
    sources=(
        Source(
            "Agency schedule, personal and emergency contact information",
            Period(),
            "Kept until superseded, or until separation or transfer out of the agency.",
        ),
    ),
    due=_personal_contact_due,
    purge=_purge_personal_contact,
    person="user",
    kind="employee (personal and emergency contacts)",
)


def register_rules() -> None:
    for rule in (MEDICAL, WORK_CONTACT, PERSONAL_CONTACT):
        retention.register(rule)
