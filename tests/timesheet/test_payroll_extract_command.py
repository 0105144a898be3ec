"""The payroll extract from the command line (the signature beside the file
or as an option; a refusal exits non-zero), and its records kept as time
and attendance records: three years, or sooner after a GAO audit."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.core.management import base as management_base

from scheduling import services
from security import retention
from security.retention import engine
from security.retention.services import place_hold
from tests.scheduling.test_retention import CUTOFF, TODAY, keeper  # noqa: F401
from tests.timesheet.test_payroll_extract import (  # noqa: F401 (fixtures by name)
    FIRST_LINE_LINE,
    SUBJECT_LINE,
    extract,
    hr,
    signed,
    staff,
)
from timesheet.management.commands import import_payroll_extract
from timesheet.models import (
    GaoAudit,
    PayrollExtract,
    PayrollExtractBalance,
    PayrollExtractRecord,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def extract_file(tmp_path):
    def write(body: bytes, signature: str | None = None):
        path = tmp_path / "payroll-2026-01.csv"
        path.write_bytes(body)
        if signature is not None:
            (tmp_path / "payroll-2026-01.csv.sig").write_text(signature + "\n")
        return path

    return write


def exit_code(*argv) -> int:
    """What the shell sees from ``manage.py import_payroll_extract ...``."""
    command = import_payroll_extract.Command(stdout=io.StringIO(), stderr=io.StringIO())
    try:
        command.run_from_argv(["manage.py", "import_payroll_extract", *argv])
    except SystemExit as leaving:
        return leaving.code
    return 0


@pytest.fixture
def keep_test_connection(monkeypatch):
    # run_from_argv closes the connections when done; the test's
    # transaction must outlive it.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)


def test_the_command_reads_the_sig_file_and_says_what_it_did(
    staff,  # noqa: F811
    hr,  # noqa: F811
    extract_file,
):
    body = extract(SUBJECT_LINE, FIRST_LINE_LINE)
    path = extract_file(body, signed(body))
    out = io.StringIO()

    call_command("import_payroll_extract", str(path), user="hr", stdout=out)
    call_command("import_payroll_extract", str(path), user="hr", stdout=out)

    extract_row = PayrollExtract.objects.get()
    first, second = out.getvalue().splitlines()
    assert first.startswith(
        f"Imported payroll-2026-01.csv as payroll extract {extract_row.pk} (PP 01/2026"
    )
    assert first.endswith(
        "2 employees, 3 pay fields changed, 1 leave balances differing from BPETS's."
    )
    assert second.startswith(
        f"payroll-2026-01.csv is already payroll extract {extract_row.pk}"
    )
    assert second.endswith("nothing changed.")


def test_the_command_exits_non_zero_on_refusal(
    staff,  # noqa: F811
    hr,  # noqa: F811
    extract_file,
    keep_test_connection,
):
    body = extract(SUBJECT_LINE)
    unsigned = extract_file(body)

    assert exit_code(str(unsigned), "--user", "hr") == 1
    assert exit_code(str(unsigned), "--user", "hr", "--signature", "sha256=0") == 1
    assert exit_code(str(unsigned), "--user", "nobody") == 1
    assert not PayrollExtract.objects.exists()
    malformed = extract(SUBJECT_LINE.replace(",12,4,", ",12,11,"))
    assert (
        exit_code(str(extract_file(malformed, signed(malformed))), "--user", "hr") == 1
    )
    assert not PayrollExtract.objects.exists()

    good = extract_file(body, signed(body))
    assert exit_code(str(good), "--user", "hr") == 0
    assert PayrollExtract.objects.count() == 1


def test_a_refusal_lists_its_lines_on_stderr(
    staff,  # noqa: F811
    hr,  # noqa: F811
    extract_file,
):
    body = extract(SUBJECT_LINE.replace(",12,4,", ",12,11,"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Refused payroll-2026-01.csv"):
        call_command(
            "import_payroll_extract",
            str(extract_file(body)),
            user="hr",
            signature=signed(body),
            stderr=err,
        )

    assert err.getvalue() == "line 2, step: '11' is not a step (1-10).\n"


def _extract_of(day, *employees):
    """An extract of the pay period holding ``day``, a record for each."""
    period = services.pay_period_row(day)
    made = PayrollExtract.objects.create(
        pay_period=period, file_name="x.csv", content_hash=f"{period.pk:064x}"
    )
    records = []
    for line, employee in enumerate(employees, start=2):
        record = PayrollExtractRecord.objects.create(
            extract=made,
            employee=employee,
            line=line,
            pay_plan="GS",
            grade=12,
            step=1,
            service_computation_date=day - timedelta(days=3650),
        )
        PayrollExtractBalance.objects.create(
            record=record, leave_type="ANNUAL", extract_hours=1, computed_hours=2
        )
        records.append(record)
    return made, records


def test_extract_records_are_kept_three_years_or_until_a_gao_audit(
    people,
    keeper,  # noqa: F811
):
    subject, peer = people["subject"], people["peer"].employee
    old, (old_subject, old_peer) = _extract_of(
        CUTOFF - timedelta(days=20), subject, peer
    )
    recent, (recent_subject,) = _extract_of(CUTOFF + timedelta(days=20), subject)
    audited, (audited_subject,) = _extract_of(CUTOFF + timedelta(days=200), subject)
    GaoAudit.objects.create(
        pay_period=audited.pay_period,
        completed_on=TODAY - timedelta(days=30),
        reference="GAO-31-104",
        recorded_by=keeper,
    )
    place_hold(actor=keeper, user=people["peer"], reason="Grievance 2031-4.")

    run = engine.run(today=TODAY)

    assert run.counts()["timesheet.payroll_extracts"] == {
        "due": 3,
        "held": 1,
        "purged": 2,
    }
    assert set(PayrollExtractRecord.objects.values_list("pk", flat=True)) == {
        old_peer.pk,
        recent_subject.pk,
    }
    assert not PayrollExtractRecord.history.filter(
        id__in=[old_subject.pk, audited_subject.pk]
    ).exists()
    assert PayrollExtractBalance.objects.count() == 2
    # The audited extract went whole; the old one stays for its held record.
    assert set(PayrollExtract.objects.values_list("pk", flat=True)) == {
        old.pk,
        recent.pk,
    }
    assert not PayrollExtract.history.filter(id=audited.pk).exists()


def test_the_rule_is_the_timesheets_rule():
    rule = retention.get("timesheet.payroll_extracts")

    assert [(source.citation, str(source.period)) for source in rule.sources] == [
        ("GRS 2.4, item 030 (time and attendance records)", "3 years")
    ]
