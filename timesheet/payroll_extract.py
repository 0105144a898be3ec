"""Importing the payroll provider's extract: the signature and the whole
file checked first, then loaded in one transaction.

The pay fields BPETS holds take the extract's values through staffing's
service, the history naming the extract and the person who started the
import; the differences stay on the extract's records for personnel to
review. The leave balances are kept beside the ones the ledger holds and
never written into it. The same bytes twice change nothing; another file
of a pay period already imported is refused.
"""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from bpets.bulk_history import create_with_history
from scheduling import services as scheduling_services
from security import audit, interfaces
from staffing import services as staffing_services
from staffing.models import Employee
from timesheet import leave_accrual, payroll_extract_file, policies
from timesheet.models import (
    PayrollExtract,
    PayrollExtractBalance,
    PayrollExtractRecord,
    PayrollExtractRun,
)

logger = logging.getLogger(__name__)

PARTNER = "payroll"
SOURCE = "timesheet:payroll-extract"
# Read and looked up this many at a time.
CHUNK = 2000


def start(
    content: bytes, file_name: str, *, signature: str | None, started_by
) -> PayrollExtractRun:
    """Record a run for the file and hand it to the workers (the bytes wait
    on the run until a worker takes them)."""
    from timesheet import tasks

    run = _new_run(content, file_name, signature, started_by, keep=True)
    transaction.on_commit(lambda: tasks.import_payroll_extract.delay(run.pk))
    return run


def import_now(
    content: bytes, file_name: str, *, signature: str | None, started_by
) -> PayrollExtractRun:
    """The same, carried out here (the command line)."""
    run = _new_run(content, file_name, signature, started_by)
    return carry_out(run, content)


def _new_run(content, file_name, signature, started_by, keep=False):
    return PayrollExtractRun.objects.create(
        file_name=file_name[:200],
        content=content if keep else None,
        content_hash=hashlib.sha256(content).hexdigest(),
        signature=(signature or "").strip()[:100],
        started_by=started_by,
    )


def carry_out(run: PayrollExtractRun, content: bytes | None = None):
    if content is None:
        content = bytes(run.content or b"")
    try:
        interfaces.check_signature(
            PARTNER,
            content,
            run.signature or None,
            actor=run.started_by,
            source=SOURCE,
            details={"run": run.pk},
        )
    except interfaces.SignatureRefused as refused:
        run.errors = [{"line": 0, "column": "", "message": str(refused)}]
        return _finish(run, PayrollExtractRun.State.REFUSED, signed=False)

    known = PayrollExtract.objects.filter(content_hash=run.content_hash).first()
    if known is not None:
        run.extract = known
        return _finish(run, PayrollExtractRun.State.UNCHANGED)

    # The lines after the header (a record quoted over two lines counts two).
    run.lines_total = max(content.rstrip(b"\n").count(b"\n"), 0)
    _save_state(run, PayrollExtractRun.State.CHECKING)
    checked = payroll_extract_file.parse(
        content,
        today=timezone.localdate(),
        progress=lambda lines: _save_progress(run, lines),
    )
    employees = {}
    if not checked.refused:
        employees = _match(checked, run.started_by)
    run.lines_done = checked.lines
    if checked.refused:
        run.errors = [problem.as_dict() for problem in checked.problems]
        run.errors_more = checked.more_problems
        return _finish(run, PayrollExtractRun.State.REFUSED)

    _save_state(run, PayrollExtractRun.State.LOADING)
    try:
        with transaction.atomic():
            _load(run, checked, employees)
    except Exception:
        logger.exception("Payroll extract run %s failed while loading", run.pk)
        run.extract = None
        run.pay_fields_changed = run.balances_differing = 0
        run.errors = [
            {"line": 0, "column": "", "message": "Loading failed; nothing changed."}
        ]
        return _finish(run, PayrollExtractRun.State.FAILED)
    logger.info(
        "Payroll extract run %s loaded extract %s (%s records)",
        run.pk,
        run.extract_id,
        run.extract.record_count,
    )
    return _finish(run, PayrollExtractRun.State.LOADED)


def _match(checked: payroll_extract_file.Checked, user) -> dict[str, Employee]:
    """The employees the file names, by hash ID, among those the importer
    is personnel over; every line naming someone else is a problem, and so
    is a pay period imported before."""
    period = checked.pay_period
    first_line = checked.rows[0].line if checked.rows else 2
    if period is not None:
        earlier = PayrollExtract.objects.filter(
            pay_period__year=period.year, pay_period__number=period.number
        ).first()
        if earlier is not None:
            checked.add(
                first_line,
                "pay_period",
                f"{period.label} was imported already (extract {earlier.pk}, "
                f"{earlier.imported_at:%Y-%m-%d}); a pay period is imported once.",
            )
    reach = policies.payroll_extract_units(user)
    wanted = [row.hash_id for row in checked.rows]
    found = {}
    for start in range(0, len(wanted), CHUNK):
        found.update(
            (employee.hash_id, employee)
            for employee in Employee.objects.filter(
                hash_id__in=wanted[start : start + CHUNK]
            ).select_related("duty_station")
        )
    employees = {}
    for row in checked.rows:
        employee = found.get(row.hash_id)
        # One message for both: an importer learns nothing of the people
        # of stations they are not personnel over, not even that they exist.
        if employee is None or employee.duty_station_id not in reach:
            checked.add(
                row.line,
                "hash_id",
                "No employee at a station where you are personnel has this hash ID.",
            )
            continue
        employees[row.hash_id] = employee
    return employees


def _load(run, checked, employees) -> None:
    period = checked.pay_period
    user = run.started_by
    period_row = scheduling_services.numbered_pay_period_row(period.year, period.number)
    extract = PayrollExtract(
        pay_period=period_row,
        file_name=run.file_name,
        content_hash=run.content_hash,
        imported_by=user,
        record_count=len(checked.rows),
    )
    reason = f"Payroll extract {period.label}, import {run.pk}"
    extract._history_user = user
    extract._change_reason = reason
    extract.save()
    source = f"{reason} ({run.file_name})"[:100]

    computed = leave_accrual.end_balances(
        [employee.pk for employee in employees.values()], period
    )
    records, changed_fields = [], 0
    for row in checked.rows:
        employee = employees[row.hash_id]
        differences, applied = _pay_fields(user, employee, row, source)
        changed_fields += applied
        records.append(
            PayrollExtractRecord(
                extract=extract,
                employee=employee,
                line=row.line,
                pay_plan=row.pay_plan,
                grade=row.grade,
                step=row.step,
                next_within_grade_increase_date=row.next_within_grade_increase_date,
                service_computation_date=row.service_computation_date,
                differences=differences,
            )
        )
    create_with_history(PayrollExtractRecord, records, user=user, reason=reason)

    balances = [
        PayrollExtractBalance(
            record_id=record.pk,
            leave_type=kind,
            extract_hours=hours,
            computed_hours=computed[record.employee_id][kind],
        )
        for record, row in zip(records, checked.rows, strict=True)
        for kind, hours in row.balances.items()
    ]
    create_with_history(PayrollExtractBalance, balances, user=user, reason=reason)
    run.extract = extract
    run.pay_fields_changed = changed_fields
    run.balances_differing = sum(balance.differs for balance in balances)


def _pay_fields(user, employee, row, source) -> tuple[list[dict], int]:
    """Write the extract's pay fields; the differences found, and how many
    were written. The service computation date is listed, not written: it
    drives leave accrual and is personnel's to correct on the profile."""
    values = {name: getattr(row, name) for name in staffing_services.PAY_FIELDS}
    changed = staffing_services.apply_pay_fields(
        actor=user, employee=employee, values=values, source=source
    )
    differences = [
        {
            "field": name,
            "bpets": _text(before),
            "extract": _text(after),
            "applied": True,
        }
        for name, (before, after) in changed.items()
    ]
    if employee.service_computation_date != row.service_computation_date:
        differences.append(
            {
                "field": "service_computation_date",
                "bpets": _text(employee.service_computation_date),
                "extract": _text(row.service_computation_date),
                "applied": False,
            }
        )
    return differences, len(changed)


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _save_state(run, state) -> None:
    run.state = state
    run.save(update_fields=["state", "lines_total"])


def _save_progress(run, lines: int) -> None:
    run.lines_done = lines
    run.save(update_fields=["lines_done"])


def _finish(run: PayrollExtractRun, state, *, signed: bool = True):
    run.state = state
    run.finished_at = timezone.now()
    run.content = None
    run.save()
    if signed:
        _audit(run)
    return run


def _audit(run: PayrollExtractRun) -> None:
    """A signed extract came in: who brought which run, and what came of it
    (counts only). An unsigned or badly signed one is recorded as refused
    by the signature check itself."""
    audit.record(
        audit.Kind.INTERFACE_RECEIVED,
        actor=run.started_by,
        target=run,
        details={
            "partner": PARTNER,
            "run": run.pk,
            "result": run.state,
            "extract": run.extract_id,
            "records": run.extract.record_count if run.extract_id else 0,
            "pay_fields_changed": run.pay_fields_changed,
            "balances_differing": run.balances_differing,
            "problems": len(run.errors) + run.errors_more,
        },
        source=SOURCE,
    )
