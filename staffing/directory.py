"""The staff directory: finding colleagues by their work information.

Only work fields are matched (names, nickname, title, station, sector and
skills), so nobody can find a person through a field they may not see.
What each row shows beyond the work group is decided per person by the
same policy as the profile page, and a search that showed any of it is an
audit event naming those people.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch

from security import audit
from staffing import policies, privacy
from staffing.models import Employee, EmployeeSkill, search_text

PAGE_SIZE = 25

# Beyond the work group, the directory shows only ways to reach someone.
CONTACT_FIELDS = ("mobile_phone", "home_phone", "pager", "personal_email")


@dataclass(frozen=True)
class Criteria:
    name: str = ""
    title: str = ""
    station: object = None
    sector: object = None
    skill: object = None

    def is_empty(self) -> bool:
        return not (
            self.name or self.title or self.station or self.sector or self.skill
        )

    def for_audit(self) -> dict:
        """The terms as the audit log keeps them: words typed, ids and codes."""
        terms = {
            "name": self.name,
            "title": self.title,
            "station": self.station.pk if self.station else None,
            "sector": self.sector.pk if self.sector else None,
            "skill": self.skill.code if self.skill else None,
        }
        return {key: value for key, value in terms.items() if value}


@dataclass
class Row:
    employee: Employee
    contacts: list[tuple[str, str]] = field(default_factory=list)
    beyond_work: list[str] = field(default_factory=list)


def matching(criteria: Criteria):
    """Active employees matching every criterion given, in name order."""
    people = Employee.objects.filter(status=Employee.Status.ACTIVE)
    for word in search_text(criteria.name).split():
        people = people.filter(search_name__contains=word)
    if criteria.title.strip():
        people = people.filter(job_title__icontains=criteria.title.strip())
    if criteria.station is not None:
        people = people.filter(duty_station=criteria.station)
    if criteria.sector is not None:
        people = people.filter(duty_station__parent=criteria.sector)
    if criteria.skill is not None:
        people = people.filter(
            Exists(
                EmployeeSkill.objects.filter(
                    employee=OuterRef("pk"), skill=criteria.skill
                )
            )
        )
    return people.order_by("last_name", "first_name", "pk")


def search(request, criteria: Criteria, page_number=None):
    """One page of results as rows, the search audited when it must be."""
    people = (
        matching(criteria)
        .select_related("duty_station__parent")
        .prefetch_related(
            Prefetch("skills", queryset=EmployeeSkill.objects.select_related("skill"))
        )
    )
    page = Paginator(people, PAGE_SIZE).get_page(page_number)
    employees = list(page.object_list)
    policies.prime_audiences(request.user, employees)

    rows, seen = [], {}
    for employee in employees:
        row = _row(request.user, employee)
        rows.append(row)
        if row.beyond_work:
            seen[str(employee.pk)] = row.beyond_work
    page.object_list = rows

    if seen:
        audit.record(
            audit.Kind.PERSONAL_DATA_SEARCHED,
            request=request,
            details={"terms": criteria.for_audit(), "employees": seen},
            source="staffing:directory",
        )
    return page


def _row(user, employee: Employee) -> Row:
    if policies.audience(user, employee).is_self:
        visible = set(CONTACT_FIELDS)
        contacts = _contacts(employee, visible)
        return Row(employee=employee, contacts=contacts)
    visible = policies.visible_fields(user, employee)
    contacts = _contacts(employee, visible)
    # The event names what was on the screen, not what the policy would
    # allow: a person who filled in no personal number was not looked at.
    beyond_work = [privacy.PERSONAL] if contacts else []
    return Row(employee=employee, contacts=contacts, beyond_work=beyond_work)


def _contacts(employee: Employee, visible: set[str]) -> list[tuple[str, str]]:
    return [
        (str(Employee._meta.get_field(name).verbose_name), getattr(employee, name))
        for name in CONTACT_FIELDS
        if name in visible and getattr(employee, name)
    ]
