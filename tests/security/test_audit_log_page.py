"""Security auditors search the audit log; everyone else is refused, on record."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from security import services
from security.models import AuditEvent, OrganizationUnit, RoleGrant, User

Kind = AuditEvent.Kind
URL = "/security/audit/"
MARCH_FIRST = datetime(2026, 3, 1, 14, 30, 5, tzinfo=UTC)


def make_user(username: str) -> User:
    today = timezone.localdate()
    return User.objects.create_user(
        username,
        password="a-long-test-password-1",
        background_investigation_status=User.Investigation.FAVORABLE,
        background_investigation_date=today - timedelta(days=30),
        security_training_date=today - timedelta(days=10),
    )


@pytest.fixture
def headquarters(db):
    services.load_organization()
    return OrganizationUnit.objects.get(kind=OrganizationUnit.Kind.HEADQUARTERS)


@pytest.fixture
def auditor(headquarters):
    user = make_user("auditor")
    RoleGrant.objects.create(
        user=user,
        module="security",
        role="security_auditor",
        organization_unit=headquarters,
        starts_on=timezone.localdate(),
        granted_by=make_user("grantor"),
        reason="Reviews the audit log.",
    )
    return user


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def event(occurred_at=MARCH_FIRST, **fields) -> AuditEvent:
    actor_id = fields.pop("actor_id", None)
    return AuditEvent.objects.create(
        occurred_at=occurred_at,
        actor_id=actor_id,
        chain=AuditEvent.chain_for(actor_id),
        kind=fields.pop("kind", Kind.PERSONAL_DATA_VIEWED),
        **fields,
    )


def shown(response) -> list[int]:
    return [shown_event.pk for shown_event in response.context["page"]]


class TestSearching:
    def test_it_lists_every_event_newest_first(self, auditor_client):
        older = event(occurred_at=MARCH_FIRST - timedelta(days=1))
        newest = event(occurred_at=MARCH_FIRST + timedelta(hours=1))
        middle = event()
        total = AuditEvent.objects.count()

        response = auditor_client.get(URL)

        assert response.status_code == 200
        mine = {older.pk, newest.pk, middle.pk}
        assert [pk for pk in shown(response) if pk in mine] == [
            newest.pk,
            middle.pk,
            older.pk,
        ]
        assert len(shown(response)) == total

    def test_it_finds_the_events_of_one_actor(self, auditor_client):
        agent_event = event(actor_id=31, actor_username="agent")
        event(actor_id=32, actor_username="supervisor")

        response = auditor_client.get(URL, {"actor_username": "agent"})

        assert shown(response) == [agent_event.pk]

    def test_it_finds_the_events_about_one_target(self, auditor_client):
        grant_four = event(target_type="security.RoleGrant", target_id="4")
        event(target_type="security.RoleGrant", target_id="5")
        event(target_type="security.AccessRequest", target_id="4")

        response = auditor_client.get(
            URL, {"target_type": "security.RoleGrant", "target_id": "4"}
        )

        assert shown(response) == [grant_four.pk]

    def test_it_finds_the_events_about_one_person(self, auditor_client):
        about_nine = event(subject_user_id=9)
        event(subject_user_id=10)

        response = auditor_client.get(URL, {"subject_user_id": "9"})

        assert shown(response) == [about_nine.pk]

    def test_it_finds_one_kind_of_event(self, auditor_client):
        grant = event(kind=Kind.GRANT)
        event(kind=Kind.REVOKE)

        response = auditor_client.get(URL, {"kind": "grant"})

        assert shown(response) == [grant.pk]

    def test_a_date_range_takes_whole_utc_days(self, auditor_client):
        midnight = datetime(2026, 3, 1, tzinfo=UTC)
        event(occurred_at=midnight - timedelta(microseconds=1))
        first = event(occurred_at=midnight)
        last = event(occurred_at=midnight + timedelta(days=2, microseconds=-1))
        event(occurred_at=midnight + timedelta(days=2))

        response = auditor_client.get(
            URL, {"occurred_from": "2026-03-01", "occurred_until": "2026-03-02"}
        )

        assert shown(response) == [last.pk, first.pk]

    def test_filters_combine(self, auditor_client):
        match = event(actor_id=31, actor_username="agent", subject_user_id=9)
        event(actor_id=31, actor_username="agent", subject_user_id=10)
        event(actor_id=32, actor_username="supervisor", subject_user_id=9)

        response = auditor_client.get(
            URL, {"actor_username": "agent", "subject_user_id": "9"}
        )

        assert shown(response) == [match.pk]

    def test_results_come_fifty_to_a_page(self, auditor_client):
        events = [
            event(kind=Kind.GRANT, occurred_at=MARCH_FIRST + timedelta(minutes=i))
            for i in range(51)
        ]

        first_page = auditor_client.get(URL, {"kind": "grant"})
        second_page = auditor_client.get(URL, {"kind": "grant", "page": "2"})

        assert shown(first_page) == [e.pk for e in reversed(events[1:])]
        assert shown(second_page) == [events[0].pk]
        page = first_page.content.decode()
        assert '<nav aria-label="Pages of audit events" class="usa-pagination">' in (
            page
        )
        assert (
            '<a href="?kind=grant&amp;page=1" class="usa-pagination__button '
            'usa-current" aria-label="Page 1" aria-current="page">1</a>'
        ) in page
        assert (
            '<a href="?kind=grant&amp;page=2" class="usa-pagination__button" '
            'aria-label="Page 2">2</a>'
        ) in page
        assert "page 1 of 2" in page


class TestThePage:
    def test_times_are_shown_in_utc_and_say_so(self, auditor_client):
        event(kind=Kind.GRANT)

        page = auditor_client.get(URL, {"kind": "grant"}).content.decode()

        assert '<time datetime="2026-03-01T14:30:05+00:00">2026-03-01 14:30:05 UTC' in (
            page
        )

    def test_the_results_table_has_a_caption_and_header_scopes(self, auditor_client):
        event(kind=Kind.GRANT)

        page = auditor_client.get(URL, {"kind": "grant"}).content.decode()

        assert (
            "<caption>Audit events matching the search: 1, newest first; "
            "page 1 of 1. Times in UTC.</caption>"
        ) in page
        assert '<th scope="col">When (UTC)</th>' in page
        assert '<th scope="row" data-label="When (UTC)">' in page

    def test_a_wrong_value_is_shown_next_to_its_field_and_kept(self, auditor_client):
        response = auditor_client.get(
            URL, {"occurred_from": "yesterday", "actor_username": "agent"}
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert (
            '<span class="usa-error-message" id="id_occurred_from_error" '
            'role="alert">Enter a valid date.</span>'
        ) in page
        assert 'value="yesterday"' in page
        assert 'value="agent"' in page
        assert "page" not in response.context

    def test_an_end_before_the_start_is_refused(self, auditor_client):
        response = auditor_client.get(
            URL, {"occurred_from": "2026-03-02", "occurred_until": "2026-03-01"}
        )

        assert response.context["form"].errors == {
            "occurred_until": ["The end date is before the start date."]
        }


class TestAuditingTheAuditLog:
    def test_each_search_is_recorded_with_its_filters(self, auditor_client, auditor):
        event(actor_id=31, actor_username="agent", kind=Kind.LOGIN)
        event(actor_id=31, actor_username="agent", kind=Kind.LOGIN)

        auditor_client.get(
            URL, {"actor_username": "agent", "kind": "login", "occurred_from": ""}
        )

        searches = AuditEvent.objects.filter(kind=Kind.AUDIT_SEARCHED)
        assert [
            (search.actor_id, search.chain, search.source, search.details)
            for search in searches
        ] == [
            (
                auditor.pk,
                f"user:{auditor.pk}",
                URL,
                {
                    "filters": {"actor_username": "agent", "kind": "login"},
                    "page": 1,
                    "results": 2,
                },
            )
        ]

    def test_a_search_that_could_not_run_is_not_recorded(self, auditor_client):
        auditor_client.get(URL, {"subject_user_id": "nine"})

        assert not AuditEvent.objects.filter(kind=Kind.AUDIT_SEARCHED).exists()

    def test_anyone_else_is_refused_and_the_refusal_recorded(self, client, auditor):
        agent = make_user("agent")
        client.force_login(agent)
        event(kind=Kind.GRANT, actor_id=31, actor_username="someone")

        response = client.get(URL, {"kind": "grant"})

        assert response.status_code == 403
        page = response.content.decode()
        assert "<h1>Access denied</h1>" in page
        assert "someone" not in page
        denials = AuditEvent.objects.filter(kind=Kind.DENIED)
        assert [
            (denial.actor_id, denial.source, denial.details) for denial in denials
        ] == [
            (
                agent.pk,
                URL,
                {"path": URL, "needs": "security.security_auditor"},
            )
        ]
        assert not AuditEvent.objects.filter(kind=Kind.AUDIT_SEARCHED).exists()

    def test_a_stranger_is_sent_to_log_in(self, client, db):
        response = client.get(reverse("security:audit-log"))

        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={URL}"
