from django.apps import AppConfig

from bpets.modules import Module


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"
    module_info = Module(
        title="Security",
        summary=(
            "The organization tree, the roles people hold in each module and where, "
            "their sessions, and the audit log."
        ),
        holds=(
            (
                "The organization tree: headquarters, the 20 sectors and their "
                "stations, each with its time zone and status."
            ),
            (
                "Module roles granted to a person over one node of the tree and "
                "everything below it, from a date and optionally until a date."
            ),
            "One active session per person: a new login ends the older one.",
            (
                "A tamper-evident audit log of logins, grants, denials and every look "
                "at someone else's personal data."
            ),
            "The records retention schedule and the job that carries it out.",
        ),
    )

    def ready(self):
        from bpets.modules import register_visibility
        from security import (
            policies,
            retention_rules,
            signals,  # noqa: F401 (connects receivers)
            task_audit,
        )

        retention_rules.register_rules()
        task_audit.connect()

        # Security (one's own account) and staffing (one's own profile, the
        # directory) are for everyone; the others for those holding a role.
        register_visibility(
            lambda user, label: (
                label in ("security", "staffing") or label in policies.modules_of(user)
            )
        )
