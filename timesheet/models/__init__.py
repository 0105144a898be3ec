from timesheet.models.audits import GaoAudit
from timesheet.models.balances import (
    BalanceType,
    LeaveLedgerEntry,
    LedgerKind,
    PayrollRecord,
)
from timesheet.models.extracts import (
    PayrollExtract,
    PayrollExtractBalance,
    PayrollExtractRecord,
    PayrollExtractRun,
)
from timesheet.models.runs import InitializationRun
from timesheet.models.timesheets import (
    ScheduledDay,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
    TimesheetStep,
)

__all__ = [
    "BalanceType",
    "LeaveLedgerEntry",
    "LedgerKind",
    "PayrollExtract",
    "PayrollExtractBalance",
    "PayrollExtractRecord",
    "PayrollExtractRun",
    "PayrollRecord",
    "GaoAudit",
    "InitializationRun",
    "ScheduledDay",
    "TimeEntry",
    "Timesheet",
    "TimesheetStatus",
    "TimesheetStep",
]
