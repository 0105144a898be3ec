"""What auditing costs a page, and what permission checks cost a request.

.venv/bin/python bench/security_audit.py [--requests N]

The organization page is served twice over: once recording no audit event
and once recording twenty, in alternation, so that both see the same
database and caches. The permission checks run as a request runs them: the
first reads the user's grants, every later one should read nothing.
"""

import argparse
import statistics
import time
from datetime import timedelta

import harness  # sets Django up: first of the project's imports

# isort: split

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import (
    CaptureQueriesContext,
)
from django.urls import include, path
from django.utils import timezone

from security import audit, audit_chain, policies, services
from security.models import AuditEvent, OrganizationUnit, RoleGrant, User
from security.views import OrganizationView

EVENTS_PER_PAGE = 20
REPEATED_CHECKS = 100


class RecordingOrganizationView(OrganizationView):
    """The organization page, recording ``events`` audit events as it goes."""

    events = 0

    def get(self, request, *args, **kwargs):
        for subject in range(1, self.events + 1):
            audit.record(
                AuditEvent.Kind.PERSONAL_DATA_VIEWED,
                subject_user_id=subject,
                details={"groups": ["home", "medical"]},
            )
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("bench/no-events/", RecordingOrganizationView.as_view()),
    # A profile look writes one event; a list of many people, one as well.
    path("bench/one-event/", RecordingOrganizationView.as_view(events=1)),
    path(
        "bench/twenty-events/",
        RecordingOrganizationView.as_view(events=EVENTS_PER_PAGE),
    ),
    path("", include("bpets.urls")),
]


def page_times(client: Client, requests: int):
    quiet, single, audited = [], [], []
    for _ in range(requests):
        for url, times in (
            ("/bench/no-events/", quiet),
            ("/bench/one-event/", single),
            ("/bench/twenty-events/", audited),
        ):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    return quiet, single, audited


def profile_look_times(requests: int) -> tuple[list[float], list[float]]:
    """A supervisor opening a subordinate's profile: one audit event, as in use.

    Timed as is, and with the audit write replaced by nothing, so the
    difference is what writing the page's event costs.
    """
    from staffing.models import Employee

    station = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
    supervisor_login = harness.make_user("profile-supervisor")
    common = {
        "job_title": "Border Patrol Agent",
        "duty_station": station,
        "work_street": "1 Station Road",
        "work_city": "Nogales",
        "work_state": "AZ",
        "work_zip": "85621",
    }
    supervisor = Employee.objects.create(
        user=supervisor_login, first_name="Sup", last_name="Ervisor", **common
    )
    subordinate = Employee.objects.create(
        first_name="Sub",
        last_name="Ordinate",
        supervisor=supervisor,
        home_phone="(520) 555-0101",
        medical_alerts="None known.",
        **common,
    )
    client = Client()
    client.force_login(supervisor_login)
    return with_and_without_audit(
        client, f"/staffing/people/{subordinate.pk}/", requests
    )


def with_and_without_audit(
    client: Client, url: str, requests: int
) -> tuple[list[float], list[float]]:
    """Seconds of each request to ``url``, as is and with the audit write
    replaced by nothing, interleaved so that neither gains from running later."""
    from unittest import mock

    def timed_request() -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed

    for _ in range(20):
        timed_request()  # warm the caches and the connection
    written, unwritten = [], []
    for _ in range(requests):
        written.append(timed_request())
        with mock.patch.object(audit, "_write"):
            unwritten.append(timed_request())
    return written, unwritten


def permission_check_queries() -> tuple[int, int]:
    """Queries of a request's first permission check, and of the next hundred."""
    holder = harness.make_user("holder")
    granted_by = harness.make_user("granter")
    tucson = OrganizationUnit.objects.get(kind="SECTOR", code="TCA")
    for module, role, unit in (
        ("security", "security_auditor", tucson.parent),
        ("staffing", "supervisor", tucson),
        ("security", "access_administrator", tucson),
    ):
        RoleGrant.objects.create(
            user=holder,
            module=module,
            role=role,
            organization_unit=unit,
            starts_on=timezone.localdate(),
            granted_by=granted_by,
            reason="bench",
        )
    units = list(OrganizationUnit.objects.values_list("pk", flat=True)[:50])

    # As a request loads its user: nothing cached yet.
    user = User.objects.get(pk=holder.pk)
    with CaptureQueriesContext(connection) as first:
        policies.is_security_auditor(user)
    with CaptureQueriesContext(connection) as later:
        for number in range(REPEATED_CHECKS):
            unit = units[number % len(units)]
            policies.holds_role(user, "staffing", "supervisor", unit)
            policies.is_access_administrator(user, unit)
    return len(first), len(later)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    arguments = parser.parse_args()

    with harness.scratch_database():
        services.load_organization()
        client = Client()
        client.force_login(harness.make_user("bench"))
        with override_settings(ROOT_URLCONF=__name__):
            page_times(client, 20)  # warm the caches and the connection
            quiet, single, audited = page_times(client, arguments.requests)
        first_check, later_checks = permission_check_queries()
        profile_written, profile_unwritten = profile_look_times(arguments.requests)
        pending = AuditEvent.objects.count()
        start = time.perf_counter()
        audit_chain.seal_chains(margin=timedelta(0))
        sealing = time.perf_counter() - start

    quiet_median, audited_median = statistics.median(quiet), statistics.median(audited)
    added = audited_median - quiet_median
    added_single = statistics.median(single) - quiet_median
    profile_added = statistics.median(profile_written) - statistics.median(
        profile_unwritten
    )
    rows = [
        (
            "organization page, no audit events, median / p95",
            f"{quiet_median * 1000:.1f} / "
            f"{statistics.quantiles(quiet, n=20)[18] * 1000:.1f} ms",
            "",
        ),
        (
            f"same page, {EVENTS_PER_PAGE} audit events, median / p95",
            f"{audited_median * 1000:.1f} / "
            f"{statistics.quantiles(audited, n=20)[18] * 1000:.1f} ms",
            "",
        ),
        (
            "server time one event adds (median)",
            f"{added_single * 1000:.2f} ms ({added_single / quiet_median:.1%})",
            "< 10 %",
        ),
        (
            f"server time the {EVENTS_PER_PAGE} events add (median)",
            f"{added * 1000:.2f} ms ({added / quiet_median:.1%})",
            "< 10 %",
        ),
        (
            "profile page looked at by a supervisor (one event), median",
            f"{statistics.median(profile_written) * 1000:.1f} ms",
            "",
        ),
        (
            "server time writing its event adds (median)",
            f"{profile_added * 1000:.2f} ms "
            f"({profile_added / statistics.median(profile_unwritten):.1%})",
            "< 10 %",
        ),
        ("SQL queries, first permission check of a request", str(first_check), "2"),
        (
            f"SQL queries, the {REPEATED_CHECKS * 2} permission checks after it",
            str(later_checks),
            "0",
        ),
        (f"sealing {pending} audit events", f"{sealing:.2f} s", ""),
    ]
    print("| figure | measured | target |")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
