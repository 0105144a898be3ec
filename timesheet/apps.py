from django.apps import AppConfig

from bpets.modules import Module


class TimesheetConfig(AppConfig):
    name = "timesheet"
    verbose_name = "Timesheet"
    module_info = Module(
        title="Timesheet",
        summary="Time and attendance per pay period under the Border Patrol pay rules.",
        holds=(
            (
                "Timesheets initialized from the schedule, with worked time by time "
                "code and leave by type."
            ),
            "Premium pay: night differential, Sunday and holiday premiums, overtime.",
            (
                "Leave balances, validation by the timekeeper and certification by the "
                "supervisor."
            ),
            "The printed timesheet, the payroll export and the payroll extract.",
        ),
    )

    def ready(self):
        from scheduling import build_listeners
        from scheduling.panels import register_leave_request_panel
        from timesheet import detail_days, retention_rules
        from timesheet.leave_balance_panel import leave_balance_panel

        register_leave_request_panel(leave_balance_panel)
        build_listeners.register(detail_days.on_schedule_built)
        retention_rules.register_rules()
