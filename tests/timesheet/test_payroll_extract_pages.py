"""The payroll extract's pages: personnel upload a signed extract and
review its differences; records are shown only over the stations the reader
is personnel over, each look audited; everyone else is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from security.models import AuditEvent
from tests.timesheet.test_payroll_extract import (  # noqa: F401 (fixtures by name)
    FIRST_LINE_LINE,
    SUBJECT,
    SUBJECT_LINE,
    extract,
    hr,
    run_import,
    signed,
    staff,
)
from timesheet import tasks
from timesheet.models import PayrollExtract, PayrollExtractRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_at_once(monkeypatch):
    """The worker's part, done as soon as the upload's transaction commits."""
    monkeypatch.setattr(
        tasks.import_payroll_extract,
        "delay",
        lambda run_id: tasks.import_payroll_extract(run_id),
    )


def upload(client, body: bytes, **fields):
    return client.post(
        reverse("timesheet:payroll-extracts"),
        {"file": SimpleUploadedFile("extract.csv", body, "text/csv"), **fields},
    )


def test_personnel_import_a_signed_extract_and_review_its_differences(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    run_at_once,
    django_capture_on_commit_callbacks,
):
    subject, first_line = staff
    body = extract(SUBJECT_LINE, FIRST_LINE_LINE)
    client.force_login(hr)
    form = client.get(reverse("timesheet:payroll-extracts"))
    assert form.status_code == 200
    assert "No imports yet." in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, body, signature=signed(body))

    run = PayrollExtractRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("timesheet:payroll-extract-run", args=[run.pk])
    page = client.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Loaded" in text
    assert SUBJECT in text
    assert "Step: (none) → 4" in text
    assert "Service computation date: (none) → 2015-01-01" in text
    assert "differs by 4.00" in text
    assert text.count('class="text-bold balance-differs"') == 1
    looked = AuditEvent.objects.get(kind="personal_data.viewed", actor_id=hr.pk)
    assert looked.details["employees"] == {
        str(subject.pk): ["hr", "identity"],
        str(first_line.pk): ["hr", "identity"],
    }

    only = client.get(response.url, {"differences": "1"})
    assert only.context["page"].paginator.count == 1
    assert only.context["rows"][0]["record"].employee == subject


def test_the_signature_may_come_as_its_sig_file(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    run_at_once,
    django_capture_on_commit_callbacks,
):
    body = extract(SUBJECT_LINE)
    client.force_login(hr)
    sig = SimpleUploadedFile("extract.csv.sig", (signed(body) + "\n").encode())

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, body, signature_file=sig)

    assert PayrollExtractRun.objects.get().state == PayrollExtractRun.State.LOADED


def test_an_unsigned_upload_is_refused_on_the_run_page(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    run_at_once,
    django_capture_on_commit_callbacks,
):
    client.force_login(hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, extract(SUBJECT_LINE))

    page = client.get(response.url)
    assert "The file was refused: nothing changed" in page.content.decode()
    assert not PayrollExtract.objects.exists()
    assert AuditEvent.objects.filter(kind="interface.refused").count() == 1


def test_personnel_of_other_stations_only_read_the_run_as_missing(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    make_user,
    give,
):
    """A run of Nogales people only: Ajo's personnel get a 404, audited,
    and neither the run's file name nor its counts."""
    run = run_import(extract(SUBJECT_LINE, FIRST_LINE_LINE), hr, name="ngl.csv")
    ajo_hr = make_user("ajohr", home="ajo")
    give(ajo_hr, "staffing", "personnel", "ajo")
    client.force_login(ajo_hr)
    url = reverse("timesheet:payroll-extract-run", args=[run.pk])

    page = client.get(url)
    listed = client.get(reverse("timesheet:payroll-extracts"))

    assert page.status_code == 404
    assert "ngl.csv" not in page.content.decode()
    assert "ngl.csv" not in listed.content.decode()
    assert "No imports yet." in listed.content.decode()
    denied = AuditEvent.objects.get(kind="denied", actor_id=ajo_hr.pk)
    assert (denied.details["path"], denied.details["status"]) == (url, 404)
    assert not AuditEvent.objects.filter(
        kind="personal_data.viewed", actor_id=ajo_hr.pk
    ).exists()


def test_a_refused_run_is_only_for_whoever_started_it(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    make_user,
    give,
):
    """A refused run loaded nothing and keeps no station: its starter reads
    it; another of the station's personnel reads only the loaded run."""
    loaded = run_import(extract(SUBJECT_LINE), hr, name="good.csv")
    refused = run_import(extract(FIRST_LINE_LINE), hr, signature="", name="bad.csv")
    assert refused.state == PayrollExtractRun.State.REFUSED
    colleague = make_user("hrtwo")
    give(colleague, "staffing", "personnel", "nogales")

    statuses = {}
    for user in (hr, colleague):
        client.force_login(user)
        statuses[user.username] = [
            client.get(
                reverse("timesheet:payroll-extract-run", args=[run.pk])
            ).status_code
            for run in (loaded, refused)
        ]
        listed = client.get(reverse("timesheet:payroll-extracts")).content.decode()
        statuses[user.username].append("bad.csv" in listed)

    assert statuses == {"hr": [200, 200, True], "hrtwo": [200, 404, False]}


def test_the_pages_are_refused_to_users_without_the_role(
    client,
    staff,  # noqa: F811
    hr,  # noqa: F811
    make_user,
    give,
    people,
):
    run = run_import(extract(SUBJECT_LINE), hr)
    keeper = make_user("keeper")
    give(keeper, "timesheet", "timekeeper", "nogales")
    body = extract(FIRST_LINE_LINE)

    for user in (keeper, people["first_line"], people["self"]):
        client.force_login(user)
        assert client.get(reverse("timesheet:payroll-extracts")).status_code == 403
        assert upload(client, body, signature=signed(body)).status_code == 403
        assert (
            client.get(
                reverse("timesheet:payroll-extract-run", args=[run.pk])
            ).status_code
            == 403
        )
    assert PayrollExtractRun.objects.count() == 1
