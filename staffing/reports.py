"""The supervisors' reports: the station roster and the emergency notification
report, and who may print each.

Each selects its rows in a number of queries set by the depth of the chain
of command, never by how many people, contacts or teams the report holds.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from security import policies as security_policies
from security.models import OrganizationUnit
from staffing import policies, privacy
from staffing.models import EmergencyContact, Employee

# A station's roster is work information, but a whole station's at once:
# for those who run the station's staffing.
ROSTER_ROLES = ("supervisor", "personnel", "staffing_administrator")

# What the emergency report shows of a person besides their contacts: enough
# to know who they are and whom to call, and nothing else of their record.
EMERGENCY_FIELDS = (
    "job_title",
    "work_phone",
    "work_mobile",
    "emergency_patrol_agent_name",
    "emergency_patrol_agent_phone",
    "medical_alerts",
)


# Who may print what.


def roster_stations(user):
    """The stations whose roster ``user`` may print, by sector and name."""
    reached = set()
    for role in ROSTER_ROLES:
        reached |= security_policies.reach(user, "staffing", role)
    return (
        OrganizationUnit.objects.filter(
            pk__in=reached, kind=OrganizationUnit.Kind.STATION
        )
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def may_print_any_roster(user) -> bool:
    return any(
        security_policies.holds_role(user, "staffing", role) for role in ROSTER_ROLES
    )


def may_print_roster(user, station: OrganizationUnit) -> bool:
    return any(
        security_policies.holds_role(user, "staffing", role, station)
        for role in ROSTER_ROLES
    )


def may_print_emergency_report(user, leader: Employee) -> bool:
    """The people below ``leader`` are for ``leader`` and those above them.

    The chain of command opens emergency and medical information (see
    ``policies.visible_groups``), so a second-line supervisor prints their
    first-line supervisors' teams too; a peer, personnel or another
    station's supervisor does not.
    """
    seen = policies.audience(user, leader)
    return seen.is_self or seen.is_chain_supervisor


# The emergency notification report.


@dataclass
class EmergencyEntry:
    employee: Employee
    # The report's fields the viewer may see, by name.
    shown: dict[str, object]
    # None when the viewer may not see the person's emergency contacts.
    contacts: list[EmergencyContact] | None

    @property
    def groups(self) -> list[str]:
        """The groups beyond work information this entry shows."""
        groups = {privacy.GROUP_OF[name] for name in self.shown}
        if self.contacts is not None:
            groups.add(privacy.EMERGENCY)
        return sorted(groups - {privacy.WORK})


@dataclass
class Team:
    supervisor: Employee
    entries: list[EmergencyEntry]


@dataclass
class EmergencyReport:
    leader: Employee
    teams: list[Team]

    @property
    def entries(self) -> list[EmergencyEntry]:
        return [entry for team in self.teams for entry in team.entries]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def without_contacts(self) -> int:
        return sum(1 for entry in self.entries if entry.contacts == [])


def emergency_notification(user, leader: Employee) -> EmergencyReport:
    """Everyone active below ``leader`` in the chain, team by team.

    A team is the people reporting directly to one supervisor; the leader's
    own team comes first, then each level below. The caller has checked
    ``may_print_emergency_report``; each field is shown only if the policy
    lets ``user`` see it all the same.
    """
    level_of = _chain_below(leader)
    people = list(
        Employee.objects.filter(pk__in=level_of, status=Employee.Status.ACTIVE)
        .select_related("supervisor")
        .prefetch_related(
            Prefetch(
                "emergency_contacts",
                queryset=EmergencyContact.objects.order_by("pk"),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    policies.prime_audiences(user, people)

    teams: dict[int, Team] = {}
    for person in people:
        team = teams.setdefault(person.supervisor_id, Team(person.supervisor, []))
        team.entries.append(_emergency_entry(user, person))

    def order(team: Team):
        supervisor = team.supervisor
        level = level_of.get(supervisor.pk, 0)
        return (level, supervisor.last_name, supervisor.first_name, supervisor.pk)

    return EmergencyReport(leader=leader, teams=sorted(teams.values(), key=order))


def _emergency_entry(user, person: Employee) -> EmergencyEntry:
    visible = policies.visible_fields(user, person)
    shown = {
        name: getattr(person, name) for name in EMERGENCY_FIELDS if name in visible
    }
    sees_contacts = privacy.EMERGENCY in policies.visible_groups(user, person)
    return EmergencyEntry(
        employee=person,
        shown=shown,
        contacts=list(person.emergency_contacts.all()) if sees_contacts else None,
    )


def _chain_below(leader: Employee) -> dict[int, int]:
    """Everyone below ``leader`` in the chain: their id and level (1: direct).

    One query per level, however many people each level holds; people are
    walked through whatever their status, so that the team of a separated
    supervisor is still found below the one above them.
    """
    level_of, level = {}, [leader.pk]
    for depth in range(1, policies.MAX_CHAIN_DEPTH + 1):
        found = (
            Employee.objects.filter(supervisor_id__in=level)
            .order_by()
            .values_list("pk", flat=True)
        )
        level = [pk for pk in found if pk not in level_of and pk != leader.pk]
        if not level:
            break
        level_of.update(dict.fromkeys(level, depth))
    return level_of


# The station roster.


@dataclass
class RosterGroup:
    # None for the people with no supervisor on record.
    supervisor: Employee | None
    people: list[Employee]


@dataclass
class Roster:
    station: OrganizationUnit
    groups: list[RosterGroup]
    titles: list[tuple[str, int]]

    @property
    def people(self) -> list[Employee]:
        return [person for group in self.groups for person in group.people]

    @property
    def count(self) -> int:
        return len(self.people)


def station_roster(station: OrganizationUnit) -> Roster:
    """The active people of a station, grouped by supervisor, with counts.

    Only work information, which everyone may see; the supervisors come in
    name order, the people without one last.
    """
    people = list(
        Employee.objects.filter(duty_station=station, status=Employee.Status.ACTIVE)
        .select_related("supervisor__duty_station__parent", "assigned_canine")
        .order_by("last_name", "first_name", "pk")
    )

    groups: dict[int | None, RosterGroup] = {}
    for person in people:
        group = groups.setdefault(
            person.supervisor_id, RosterGroup(person.supervisor, [])
        )
        group.people.append(person)

    def order(group: RosterGroup):
        supervisor = group.supervisor
        if supervisor is None:
            return (1, "", "", 0)
        return (0, supervisor.last_name, supervisor.first_name, supervisor.pk)

    titles = Counter(person.job_title for person in people)
    return Roster(
        station=station,
        groups=sorted(groups.values(), key=order),
        titles=sorted(titles.items(), key=lambda item: (-item[1], item[0])),
    )
