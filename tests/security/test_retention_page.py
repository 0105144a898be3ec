"""The retention page: records administrators only, refusals audited, forms
that keep what was typed, a dry run that names records by id only."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from security.models import AuditEvent, LegalHold, RetentionChoice, RetentionRun
from security.retention import engine
from tests.security.retention_helpers import separate

pytestmark = pytest.mark.django_db

PAGES = (
    "/security/retention/",
    "/security/retention/report/",
    "/security/retention/report.pdf",
    "/security/retention/rules/security.audit_records/source/",
)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator(records_administrators):
    return client_of(records_administrators[0])


@pytest.mark.parametrize("path", PAGES)
def test_others_are_refused_and_the_refusal_audited(make_user, give, path):
    auditor = make_user("auditor")
    give(auditor, "security", "security_auditor", "headquarters")

    response = client_of(auditor).get(path)

    assert response.status_code == 403
    denied = AuditEvent.objects.get(kind=AuditEvent.Kind.DENIED, actor_id=auditor.pk)
    assert denied.details == {
        "path": path,
        "needs": "security.records_administrator",
    }


def test_the_page_shows_each_rule_with_its_sources_and_what_is_due(
    administrator, employee
):
    separate(employee("leaver"), on=timezone.localdate() - timedelta(days=3))

    response = administrator.get("/security/retention/")

    assert response.status_code == 200
    statuses = {line.rule.code: line for line in response.context["statuses"]}
    assert (statuses["staffing.medical"].due, statuses["staffing.medical"].held) == (
        1,
        0,
    )
    audit_records = statuses["security.audit_records"]
    assert [source.citation for source in audit_records.sources] == [
        "GRS 3.2, item 031",
        "Agency schedule, audit files",
    ]
    assert audit_records.applied.source.citation == "Agency schedule, audit files"
    page = response.content.decode()
    for text in (
        "Medical information",
        "Work contact information",
        "Personal and emergency contact information",
        "User account management records",
        "GRS 3.2, item 031: 6 years",
        "Agency schedule, audit files: 15 years",
        "the longer, until a records administrator chooses",
    ):
        assert text in page


def test_the_landing_page_links_the_retention_page_for_its_administrators(
    administrator, make_user
):
    other = client_of(make_user("someone"))

    assert (
        'href="/security/retention/"'
        in administrator.get("/security/").content.decode()
    )
    assert 'href="/security/retention/"' not in other.get("/security/").content.decode()


def test_a_dry_run_lists_ids_and_kinds_never_values(administrator, employee):
    leaver = separate(employee("leaver"), on=timezone.localdate())

    response = administrator.post("/security/retention/dry-run/", follow=True)

    run = RetentionRun.objects.get()
    assert run.dry_run
    assert response.redirect_chain[-1][0] == f"/security/retention/runs/{run.pk}/"
    page = response.content.decode()
    assert f"employee (medical fields) {leaver.pk}" in page
    for value in ("leaver-penicillin", "12 Leaver Lane", "Kin of leaver", "Dr Leaver"):
        assert value not in page
    leaver.refresh_from_db()
    assert leaver.medical_alerts == "Allergic to leaver-penicillin."


def test_a_hold_is_placed_from_the_page(administrator, records_administrators):
    _, other = records_administrators

    response = administrator.post(
        "/security/retention/holds/",
        {"username": other.username, "reason": "Subpoena 30-118."},
    )

    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.user, hold.reason, hold.placed_by) == (
        other,
        "Subpoena 30-118.",
        records_administrators[0],
    )
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.LEGAL_HOLD_PLACED).count() == 1
    )


def test_a_hold_on_a_record_is_placed_by_type_and_id(administrator, employee):
    person = employee("heldone")

    administrator.post(
        "/security/retention/holds/",
        {
            "record_type": "staffing.employee",
            "record_id": str(person.pk),
            "reason": "Grievance.",
        },
    )

    assert LegalHold.objects.get().record == person


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"username": "nobody-here", "reason": "Claim."}, "username", "No account"),
        ({"username": "", "reason": "Claim."}, None, "Name the person or the record"),
        (
            {"record_type": "staffing.employee", "record_id": "999999", "reason": "X."},
            "record_id",
            "There is no employee 999999.",
        ),
        ({"record_id": "5", "reason": "Claim."}, "record_type", "which kind"),
        ({"username": "records2", "reason": ""}, "reason", "required"),
    ],
)
def test_a_bad_hold_changes_nothing_and_keeps_what_was_typed(
    administrator, records_administrators, typed, field, message
):
    response = administrator.post("/security/retention/holds/", typed)

    assert response.status_code == 400
    assert not LegalHold.objects.exists()
    form = response.context["hold_form"]
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert any(message in error for error in errors)
    page = response.content.decode()
    for value in typed.values():
        if value:
            assert f'value="{value}"' in page or f"{value}</textarea>" in page


def test_the_placer_cannot_lift_the_hold_another_can(records_administrators, make_user):
    first, second = records_administrators
    held = make_user("held", home=None)
    client_of(first).post(
        "/security/retention/holds/",
        {"username": held.username, "reason": "Subpoena."},
    )
    hold = LegalHold.objects.get()

    refused = client_of(first).post(
        f"/security/retention/holds/{hold.pk}/lift/", {"reason": "Settled."}
    )
    hold.refresh_from_db()
    assert refused.status_code == 400
    assert "Another records administrator" in refused.content.decode()
    assert hold.is_standing

    lifted = client_of(second).post(
        f"/security/retention/holds/{hold.pk}/lift/", {"reason": "Settled."}
    )
    hold.refresh_from_db()
    assert lifted.status_code == 302
    assert (hold.lifted_by, hold.lift_reason) == (second, "Settled.")


def test_a_source_is_chosen_with_a_reason(administrator, records_administrators):
    path = "/security/retention/rules/security.audit_records/source/"

    missing = administrator.post(path, {"source": "GRS 3.2, item 031"})
    chosen = administrator.post(
        path, {"source": "GRS 3.2, item 031", "reason": "Counsel."}
    )

    assert missing.status_code == 400
    assert chosen.status_code == 302
    choice = RetentionChoice.objects.get()
    assert (choice.source, choice.chosen_by) == (
        "GRS 3.2, item 031",
        records_administrators[0],
    )
    assert (
        administrator.get(
            "/security/retention/rules/staffing.medical/source/"
        ).status_code
        == 404
    )


def test_the_quarterly_report_counts_the_quarters_runs(administrator, employee):
    for number, day in enumerate((date(2030, 4, 10), date(2030, 5, 20))):
        separate(employee(f"leaver{number}"), on=day)
        engine.run(today=day)
    separate(employee("later"), on=date(2030, 7, 2))
    engine.run(today=date(2030, 7, 2))  # the next quarter

    response = administrator.get("/security/retention/report/?year=2030&quarter=2")

    assert response.status_code == 200
    report = response.context["report"]
    lines = {line.code: line for line in report.lines}
    assert report.runs == 2
    assert (lines["staffing.medical"].due, lines["staffing.medical"].purged) == (1, 2)
    assert lines["staffing.medical"].held == 0
    assert "For Official Use Only" in response.content.decode()


def test_the_quarterly_report_downloads_as_a_pdf(administrator):
    response = administrator.get("/security/retention/report.pdf?year=2030&quarter=2")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="retention-2030-q2.pdf"' in response["Content-Disposition"]
    # A file that leaves BPETS is an export, whatever it holds: a line for
    # each rule, as the page shows them.
    page = administrator.get("/security/retention/report/?year=2030&quarter=2")
    [exported] = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED)
    assert exported.details == {
        "module": "security",
        "report": "retention_quarterly",
        "form": "pdf",
        "rows": len(page.context["report"].lines),
        "year": 2030,
        "quarter": 2,
    }


def test_the_demo_has_two_records_administrators(demo):
    from security.models import User

    for username in ("access-admin", "supervisor"):
        response = client_of(User.objects.get(username=username)).get(
            "/security/retention/"
        )
        assert response.status_code == 200


def test_a_run_in_progress_shows_how_far_each_rule_got(administrator):
    running = RetentionRun.objects.create(
        today=date(2030, 6, 15),
        progress={
            "staffing.medical": {
                "source": "Agency schedule, employee medical information",
                "period": "until the event",
                "at_event": True,
                "cutoff": "2030-06-16",
                "due": 4,
                "held": 1,
                "purged": 1,
                "last_pk": 7,
                "done": False,
            }
        },
    )

    page = administrator.get(f"/security/retention/runs/{running.pk}/").content
    page = page.decode()

    assert "Medical information: 1 of 3 purged" in page
    assert '<progress id="progress-1" max="3" value="1">' in page
    assert '<meta http-equiv="refresh" content="5">' in page


def test_nobody_lifts_a_hold_on_their_own_records(records_administrators):
    first, second = records_administrators
    client_of(first).post(
        "/security/retention/holds/",
        {"username": second.username, "reason": "Subpoena."},
    )
    hold = LegalHold.objects.get()

    refused = client_of(second).post(
        f"/security/retention/holds/{hold.pk}/lift/", {"reason": "Mine."}
    )

    hold.refresh_from_db()
    assert refused.status_code == 400
    assert "A hold on your own records" in refused.content.decode()
    assert hold.is_standing
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.DENIED,
        actor_id=second.pk,
        details__action="lift legal hold on oneself",
    ).exists()


def test_holds_stay_within_the_administrators_part_of_the_tree(
    records_administrators, make_user, give
):
    first, _ = records_administrators
    sector_keeper = make_user("sectorkeeper")
    give(sector_keeper, "security", "records_administrator", "tucson")
    at_ysleta = make_user("yslets", home="ysleta")
    at_nogales = make_user("nogaless", home="nogales")
    theirs = client_of(first).post(
        "/security/retention/holds/",
        {"username": at_ysleta.username, "reason": "Claim in El Paso."},
    )
    assert theirs.status_code == 302
    ysleta_hold = LegalHold.objects.get(user=at_ysleta)

    out_of_scope = client_of(sector_keeper).post(
        "/security/retention/holds/",
        {"username": at_ysleta.username, "reason": "Not mine to hold."},
    )
    lifting = client_of(sector_keeper).post(
        f"/security/retention/holds/{ysleta_hold.pk}/lift/", {"reason": "No."}
    )
    in_scope = client_of(sector_keeper).post(
        "/security/retention/holds/",
        {"username": at_nogales.username, "reason": "Claim in Tucson."},
    )
    page = client_of(sector_keeper).get("/security/retention/")

    assert out_of_scope.status_code == 400
    assert lifting.status_code == 400
    ysleta_hold.refresh_from_db()
    assert ysleta_hold.is_standing
    assert in_scope.status_code == 302
    assert "Claim in Tucson." in page.content.decode()
    assert "Claim in El Paso." not in page.content.decode()
