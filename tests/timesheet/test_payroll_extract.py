"""The payroll provider's extract: checked whole and signed, or refused with
nothing changed; pay fields written through staffing's service with the
extract and the importer in the history; leave balances kept beside the
ledger's, never written into it; the same file twice changes nothing."""

from decimal import Decimal

import pytest

from scheduling.services import ensure_pay_periods, numbered_pay_period_row
from security import audit, interfaces
from security.models import AuditEvent
from staffing import services as staffing_services
from staffing.models import Employee
from timesheet import payroll_extract
from timesheet.models import (
    LeaveLedgerEntry,
    LedgerKind,
    PayrollExtract,
    PayrollExtractRecord,
    PayrollExtractRun,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "pay_period,hash_id,pay_plan,grade,step,next_within_grade_increase_date,"
    "service_computation_date,leave_annual,leave_sick,leave_compensatory,"
    "leave_credit_hours,leave_military,leave_restored_annual"
)
SUBJECT = "a" * 64
FIRST_LINE = "b" * 64
UNKNOWN = "c" * 64
AJO_AGENT = "d" * 64
# The subject: step and pay dates new to BPETS, the service computation
# date different, sick leave 4 hours above the ledger's 44.
SUBJECT_LINE = f"2026-01,{SUBJECT},GS,12,4,2026-06-07,2015-01-01,106.00,48.00,0,0,0,0"
# The first-line supervisor: exactly as BPETS holds them, balances too.
FIRST_LINE_LINE = f"2026-01,{FIRST_LINE},GS,13,2,,2000-05-01,0,0,0,0,0,0"


def extract(*lines: str) -> bytes:
    return ("\n".join((HEADER, *lines)) + "\n").encode()


def signed(body: bytes) -> str:
    return interfaces.signature_of("payroll", body)


@pytest.fixture
def hr(make_user, give):
    """Personnel over Nogales, outside everyone's chain."""
    user = make_user("hr")
    give(user, "staffing", "personnel", "nogales")
    return user


@pytest.fixture
def staff(people, units):
    """The subject (grade 12, no step), their first-line supervisor as the
    extract has them, and an agent at Ajo; the subject's ledger holds 106
    hours of annual and 44 of sick leave at the end of PP 01/2026."""
    ensure_pay_periods(2025)
    ensure_pay_periods(2026)
    subject = people["subject"]
    first_line = Employee.objects.get(user=people["first_line"])
    first_line.hash_id = FIRST_LINE
    first_line.pay_plan = "GS"
    first_line.grade = 13
    first_line.step = 2
    first_line.service_computation_date = "2000-05-01"
    first_line.save()
    Employee.objects.create(
        first_name="Ajo",
        last_name="Agent",
        job_title="Border Patrol Agent",
        duty_station=units["ajo"],
        work_street="1 Station Road",
        work_city="Ajo",
        work_state="AZ",
        work_zip="85321",
        hash_id=AJO_AGENT,
        grade=11,
    )
    last_of_2025 = numbered_pay_period_row(2025, 26)
    first = numbered_pay_period_row(2026, 1)
    second = numbered_pay_period_row(2026, 2)
    for leave_type, kind, period, hours in (
        ("ANNUAL", LedgerKind.ADJUSTMENT, last_of_2025, 100),
        ("SICK", LedgerKind.ADJUSTMENT, last_of_2025, 40),
        ("ANNUAL", LedgerKind.ACCRUAL, first, 6),
        ("SICK", LedgerKind.ACCRUAL, first, 4),
        # After the extract's pay period: not in its balances.
        ("ANNUAL", LedgerKind.ACCRUAL, second, 6),
    ):
        LeaveLedgerEntry.objects.create(
            employee=subject,
            leave_type=leave_type,
            kind=kind,
            pay_period=period,
            hours=hours,
        )
    return subject, first_line


def run_import(body: bytes, user, *, signature="signed", name="extract.csv"):
    if signature == "signed":
        signature = signed(body)
    return payroll_extract.import_now(body, name, signature=signature, started_by=user)


def test_a_valid_extract_is_imported_with_its_differences_listed(staff, hr):
    subject, first_line = staff

    run = run_import(extract(SUBJECT_LINE, FIRST_LINE_LINE), hr)

    assert run.state == PayrollExtractRun.State.LOADED
    assert (run.pay_fields_changed, run.balances_differing) == (3, 1)
    subject.refresh_from_db()
    assert (subject.pay_plan, subject.grade, subject.step) == ("GS", 12, 4)
    assert str(subject.next_within_grade_increase_date) == "2026-06-07"
    # The service computation date is listed for review, not written.
    assert subject.service_computation_date is None
    record = PayrollExtractRecord.objects.get(employee=subject)
    assert record.differences == [
        {"field": "pay_plan", "bpets": "", "extract": "GS", "applied": True},
        {"field": "step", "bpets": "", "extract": "4", "applied": True},
        {
            "field": "next_within_grade_increase_date",
            "bpets": "",
            "extract": "2026-06-07",
            "applied": True,
        },
        {
            "field": "service_computation_date",
            "bpets": "",
            "extract": "2015-01-01",
            "applied": False,
        },
    ]
    assert PayrollExtractRecord.objects.get(employee=first_line).differences == []
    extract_row = PayrollExtract.objects.get()
    assert (extract_row.pay_period.year, extract_row.pay_period.number) == (2026, 1)
    assert extract_row.record_count == 2


def test_leave_balance_differences_are_flagged_and_not_overwritten(staff, hr):
    subject, _ = staff
    ledger_before = list(
        LeaveLedgerEntry.objects.order_by("pk").values_list("pk", "hours")
    )

    run_import(extract(SUBJECT_LINE, FIRST_LINE_LINE), hr)

    balances = {
        balance.leave_type: balance
        for balance in PayrollExtractRecord.objects.get(employee=subject).balances.all()
    }
    # Annual: 100 + 6 (the second pay period's 6 not yet); sick: 40 + 4.
    assert (balances["ANNUAL"].extract_hours, balances["ANNUAL"].computed_hours) == (
        Decimal("106.00"),
        Decimal("106.00"),
    )
    assert (balances["SICK"].extract_hours, balances["SICK"].computed_hours) == (
        Decimal("48.00"),
        Decimal("44.00"),
    )
    assert [kind for kind, balance in balances.items() if balance.differs] == ["SICK"]
    assert balances["SICK"].difference == Decimal(4)
    assert set(balances) == {
        "ANNUAL",
        "SICK",
        "COMPENSATORY",
        "CREDIT_HOURS",
        "MILITARY",
        "RESTORED_ANNUAL",
    }
    assert (
        list(LeaveLedgerEntry.objects.order_by("pk").values_list("pk", "hours"))
        == ledger_before
    )


def test_pay_field_history_names_the_extract_and_the_importer(staff, hr):
    subject, _ = staff

    run = run_import(extract(SUBJECT_LINE), hr, name="payroll-2026-01.csv")

    latest = subject.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == hr
    assert latest.history_change_reason == (
        f"Payroll extract PP 01/2026, import {run.pk} (payroll-2026-01.csv)"
    )
    assert (latest.step, latest.grade) == (4, 12)
    record = PayrollExtractRecord.objects.get(employee=subject)
    assert record.history.get().history_user == hr


def test_a_malformed_extract_is_refused_whole_with_its_lines(staff, hr):
    subject, _ = staff
    body = extract(
        SUBJECT_LINE,
        f"2026-01,{FIRST_LINE},GS,16,2,,2000-05-01,0,0,0,0,0,0",
        f"2026-01,{UNKNOWN},GS,12,1,,2010-13-01,0,x,0,0,0,0",
        "2026-01,123-45-6789,GS,12,1,,2010-01-01,0,0,0,0,0,0",
        f"2026-01,{AJO_AGENT},GS,11,1,,2010-01-01,0,0,0,0,0,0",
        f"2026-01,{SUBJECT},GS,12,4,,2015-01-01,0,0,0,0,0,0.001",
        "2026-02,{FIRST_LINE},GS,13,2,,2000-05-01,0,0,0",
    )
    history_before = subject.history.count()

    run = run_import(body, hr)

    assert run.state == PayrollExtractRun.State.REFUSED
    assert run.errors == [
        {"line": 3, "column": "grade", "message": "'16' is not a grade (1-15)."},
        {
            "line": 4,
            "column": "service_computation_date",
            "message": "'2010-13-01' is not a date (YYYY-MM-DD).",
        },
        {
            "line": 4,
            "column": "leave_sick",
            "message": "'x' is not a number of hours.",
        },
        {
            "line": 5,
            "column": "hash_id",
            "message": "This looks like a Social Security number: the extract "
            "names people by hash ID only. Nothing of this file was kept.",
        },
        {
            "line": 7,
            "column": "leave_restored_annual",
            "message": "'0.001': hours have at most two decimals.",
        },
        {"line": 8, "column": "", "message": "10 columns where the header has 13."},
    ]
    assert "123-45-6789" not in str(run.errors)
    assert not PayrollExtract.objects.exists()
    assert subject.history.count() == history_before
    subject.refresh_from_db()
    assert subject.step is None


def test_unknown_employees_and_other_stations_are_refused_alike(staff, hr):
    run = run_import(
        extract(
            SUBJECT_LINE,
            f"2026-01,{UNKNOWN},GS,12,1,,2010-01-01,0,0,0,0,0,0",
            f"2026-01,{AJO_AGENT},GS,11,1,,2010-01-01,0,0,0,0,0,0",
        ),
        hr,
    )

    message = "No employee at a station where you are personnel has this hash ID."
    assert run.state == PayrollExtractRun.State.REFUSED
    assert run.errors == [
        {"line": 3, "column": "hash_id", "message": message},
        {"line": 4, "column": "hash_id", "message": message},
    ]
    assert not PayrollExtractRecord.objects.exists()


def test_a_pay_period_not_yet_over_and_a_second_pay_period_are_refused(staff, hr):
    run = run_import(
        extract(
            f"2031-01,{SUBJECT},GS,12,4,,2015-01-01,0,0,0,0,0,0",
            f"2026-01,{FIRST_LINE},GS,13,2,,2000-05-01,0,0,0,0,0,0",
        ),
        hr,
    )

    assert [(error["line"], error["column"]) for error in run.errors] == [
        (2, "pay_period"),
        (3, "pay_period"),
    ]
    assert run.errors[0]["message"] == (
        "PP 01/2031 ends on 2031-01-18: its balances at the end are known only "
        "once it is over."
    )


@pytest.mark.parametrize("signature", [None, "", "sha256=" + "0" * 64])
def test_an_unsigned_or_badly_signed_extract_is_refused_and_audited(
    staff, hr, signature
):
    subject, _ = staff
    history_before = subject.history.count()

    run = run_import(extract(SUBJECT_LINE), hr, signature=signature)

    assert run.state == PayrollExtractRun.State.REFUSED
    assert [(error["line"], error["column"]) for error in run.errors] == [(0, "")]
    assert not PayrollExtract.objects.exists()
    assert subject.history.count() == history_before
    refused = AuditEvent.objects.get(kind="interface.refused")
    assert refused.actor_id == hr.pk
    assert refused.details["partner"] == "payroll"
    assert refused.details["run"] == run.pk
    assert not AuditEvent.objects.filter(kind="interface.received").exists()


def test_the_signature_covers_the_exact_bytes(staff, hr):
    body = extract(SUBJECT_LINE)

    run = run_import(body.replace(b"48.00", b"88.00"), hr, signature=signed(body))

    assert run.state == PayrollExtractRun.State.REFUSED
    assert not PayrollExtract.objects.exists()


def test_the_same_extract_twice_changes_nothing(staff, hr):
    subject, _ = staff
    body = extract(SUBJECT_LINE, FIRST_LINE_LINE)
    first = run_import(body, hr)
    history_after_first = subject.history.count()

    second = run_import(body, hr)

    assert second.state == PayrollExtractRun.State.UNCHANGED
    assert second.extract_id == first.extract_id
    assert PayrollExtract.objects.count() == 1
    assert PayrollExtractRecord.objects.count() == 2
    assert subject.history.count() == history_after_first
    received = AuditEvent.objects.filter(kind="interface.received").order_by("pk")
    assert [event.details["result"] for event in received] == ["LOADED", "SAME"]


def test_another_file_of_an_imported_pay_period_is_refused(staff, hr):
    run_import(extract(SUBJECT_LINE), hr)

    run = run_import(extract(FIRST_LINE_LINE), hr)

    assert run.state == PayrollExtractRun.State.REFUSED
    assert run.errors[0]["line"] == 2
    assert run.errors[0]["column"] == "pay_period"
    assert run.errors[0]["message"].startswith("PP 01/2026 was imported already")
    assert PayrollExtractRecord.objects.count() == 1


def test_a_byte_order_mark_is_accepted(staff, hr):
    run = run_import(b"\xef\xbb\xbf" + extract(SUBJECT_LINE), hr)

    assert run.state == PayrollExtractRun.State.LOADED


def test_only_personnel_over_the_station_write_pay_fields(staff, people, hr):
    subject, _ = staff

    # As in a request or a command: the refusal stands though the
    # service's transaction rolls back.
    with audit.collecting(), pytest.raises(staffing_services.ProfileChangeRefused):
        staffing_services.apply_pay_fields(
            actor=people["first_line"],
            employee=subject,
            values={"step": 5},
            source="Payroll extract PP 01/2026",
        )

    subject.refresh_from_db()
    assert subject.step is None
    denied = AuditEvent.objects.get(kind="denied", actor_id=people["first_line"].pk)
    assert denied.details == {"action": "apply pay fields", "fields": ["step"]}
    with pytest.raises(ValueError, match="Not pay fields: hash_id"):
        staffing_services.apply_pay_fields(
            actor=hr, employee=subject, values={"hash_id": "e" * 64}, source="x"
        )
