"""The catalog of modules and their roles: reviewed code, never user data.

A role is granted over one node of the organization tree and reaches every
node below it. ``administers`` names the roles a holder may grant to others
(within the holder's own part of the tree). ``system_administration`` roles
go only to supervisors or above.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    module: str
    code: str
    title: str
    description: str
    administers: tuple[str, ...] = ()
    system_administration: bool = False

    @property
    def key(self) -> str:
        return f"{self.module}.{self.code}"

    @property
    def permission_codename(self) -> str:
        return f"{self.module}__{self.code}"


MODULE_TITLES = {
    "security": "Security",
    "staffing": "Staffing",
    "scheduling": "Scheduling",
    "timesheet": "Timesheet",
    "vehicles": "Vehicles",
    "checkpoints": "Checkpoints",
    "operations_orders": "Operations orders",
    "bsits": "BSITS",
    "reporting": "Reporting",
}

ALL = "*"

ROLES = (
    Role(
        "security",
        "access_administrator",
        "Access administrator",
        "Provisions people into modules and roles within their part of the tree.",
        administers=(ALL,),
        system_administration=True,
    ),
    Role(
        "security",
        "security_auditor",
        "Security auditor",
        "Reads and searches the audit log.",
        system_administration=True,
    ),
    Role(
        "security",
        "records_administrator",
        "Records administrator",
        "Keeps the records retention schedule and legal holds.",
        system_administration=True,
    ),
    Role(
        "staffing",
        "self_service",
        "Self-service",
        "Keeps one's own profile.",
    ),
    Role(
        "staffing",
        "supervisor",
        "Supervisor",
        "Sees and updates subordinates' profiles; runs staffing reports.",
        administers=("staffing.self_service", "timesheet.self_service"),
    ),
    Role(
        "staffing",
        "personnel",
        "Personnel",
        "Edits HR fields of employees at the stations in scope.",
    ),
    Role(
        "staffing",
        "staffing_administrator",
        "Staffing administrator",
        "Creates employee records and loads a station's people.",
        administers=("staffing.self_service",),
        system_administration=True,
    ),
    Role(
        "scheduling",
        "supervisor",
        "Scheduling supervisor",
        "Builds and finalizes the G-259 and G-481 schedules.",
    ),
    Role(
        "scheduling",
        "scheduling_administrator",
        "Scheduling administrator",
        "Keeps zones, activities and other scheduling reference data.",
        administers=("scheduling.supervisor", "scheduling.dispatcher"),
        system_administration=True,
    ),
    Role(
        "scheduling",
        "dispatcher",
        "Dispatcher",
        "Sees who is on shift now, where and in which vehicle.",
    ),
    Role(
        "timesheet",
        "self_service",
        "Self-service",
        "Enters one's own time and leave.",
    ),
    Role(
        "timesheet",
        "supervisor",
        "Timesheet supervisor",
        "Approves leave and certifies subordinates' timesheets.",
    ),
    Role(
        "timesheet",
        "timekeeper",
        "Timekeeper",
        "Validates the timesheets of a station, detailed staff included.",
    ),
    Role(
        "vehicles",
        "vehicle_administrator",
        "Vehicle administrator",
        "Enters, transfers and retires the vehicles of a station.",
        administers=("vehicles.viewer",),
        system_administration=True,
    ),
    Role("vehicles", "viewer", "Vehicle viewer", "Sees the fleet."),
    Role(
        "checkpoints",
        "checkpoint_administrator",
        "Checkpoint administrator",
        "Keeps the checkpoint profiles.",
        administers=("checkpoints.viewer",),
        system_administration=True,
    ),
    Role("checkpoints", "viewer", "Checkpoint viewer", "Sees the checkpoints."),
    Role(
        "operations_orders",
        "author",
        "Author",
        "Writes operations orders and their after-action summaries.",
    ),
    Role(
        "operations_orders",
        "approver",
        "Approver",
        "Approves or returns the operations orders of a sector.",
    ),
    Role("operations_orders", "viewer", "Viewer", "Reads operations orders."),
    Role("bsits", "editor", "Editor", "Records deaths and rescues."),
    Role("bsits", "viewer", "Viewer", "Reads deaths and rescues."),
    Role(
        "reporting",
        "analyst",
        "Analyst",
        "Reads the GPRA and intelligence reports for the scope.",
    ),
    Role(
        "reporting",
        "snapshot_importer",
        "Snapshot importer",
        "Imports the statistical snapshot.",
    ),
    Role(
        "reporting",
        "release_approver",
        "Release approver",
        "Releases a report for use outside the agency, as PDF.",
    ),
)

BY_KEY = {role.key: role for role in ROLES}

ROLE_CHOICES = [
    (role.key, f"{MODULE_TITLES[role.module]}: {role.title}") for role in ROLES
]


def get(module: str, code: str) -> Role:
    return BY_KEY[f"{module}.{code}"]


def administers(administrator: Role, role: Role) -> bool:
    return ALL in administrator.administers or role.key in administrator.administers


def module_administrator_roles(module: str | None = None) -> list[Role]:
    """The roles that keep a module (its reference data, its people's access).

    Their holders, and superusers, are the only users the admin lets in.
    """
    return [
        role
        for role in ROLES
        if role.code.endswith("_administrator")
        and (module is None or role.module == module)
    ]


def roles_administering(role: Role) -> list[Role]:
    return [candidate for candidate in ROLES if administers(candidate, role)]
