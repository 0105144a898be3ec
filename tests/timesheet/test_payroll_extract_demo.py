"""The demo's signed extract: personnel import it from the page, and it
brings a pay-field difference and a leave-balance difference to review;
the README's example verifies against its signature."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from security import interfaces
from security.models import User
from staffing.models import Employee
from tests.timesheet.test_payroll_extract_pages import run_at_once  # noqa: F401
from timesheet import payroll_extract_demo, payroll_extract_file
from timesheet.models import PayrollExtractRecord, PayrollExtractRun

pytestmark = pytest.mark.django_db
EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "timesheet"
    / "examples"
    / "payroll-extract-example.csv"
)


@pytest.fixture
def demo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "demo"


def test_personnel_import_the_demo_extract_from_the_page(
    demo_dir,
    demo,
    client,
    run_at_once,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    (path,) = demo_dir.glob("payroll-extract-*.csv")
    body = path.read_bytes()
    agent = Employee.objects.get(user__username="agent")
    step_before = agent.step
    client.force_login(User.objects.get(username="personnel"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("timesheet:payroll-extracts"),
            {
                "file": SimpleUploadedFile(path.name, body, "text/csv"),
                "signature_file": SimpleUploadedFile(
                    f"{path.name}.sig", Path(f"{path}.sig").read_bytes()
                ),
            },
        )

    run = PayrollExtractRun.objects.get()
    assert run.state == PayrollExtractRun.State.LOADED
    agent.refresh_from_db()
    expected_step = step_before + 1 if step_before < 10 else step_before - 1
    assert agent.step == expected_step
    # The step, and the next within-grade increase it brings (none at 10).
    waits = payroll_extract_demo.WAITING_WEEKS.get(expected_step)
    assert run.pay_fields_changed == (2 if waits else 1)
    assert run.balances_differing == 1
    sick = PayrollExtractRecord.objects.get(
        employee__user__username="timekeeper"
    ).balances.get(leave_type="SICK")
    assert (
        sick.extract_hours - sick.computed_hours == payroll_extract_demo.SICK_DIFFERENCE
    )


def test_the_readme_example_is_well_formed_and_signed():
    body = EXAMPLE.read_bytes()

    checked = payroll_extract_file.parse(body, today=date(2027, 1, 1))

    assert checked.problems == []
    assert len(checked.rows) == 2
    interfaces.check_signature("payroll", body, interfaces.detached_signature(EXAMPLE))
