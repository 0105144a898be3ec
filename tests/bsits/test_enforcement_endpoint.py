"""The enforcement system's endpoint: its service account's token, the
body's signature, the account's unit, and answers that never carry a
subject."""

import json
import logging

import pytest
from django.urls import reverse

from bsits.models import Event, ReviewItem
from security import interfaces
from security.models import AuditEvent
from security.services import service_accounts
from tests.bsits.conftest import enforcement_message, enforcement_subject, sent_at

pytestmark = pytest.mark.django_db

URL = "/bsits/enforcement/messages/"
SUBJECT_VALUES = ("Zqenffamily", "Zqenfgiven", "1994-02-03", "1234567890")


@pytest.fixture
def administrator(interface_administrator):
    return interface_administrator


@pytest.fixture
def account(enforcement_account):
    return enforcement_account


@pytest.fixture
def token(administrator, account):
    return service_accounts.issue_token(administrator, account)


@pytest.fixture
def post(client, token):
    def post(message, *, signature="sign", bearer=None):
        body = json.dumps(message).encode()
        headers = {"Authorization": f"Bearer {bearer or token[1]}"}
        if signature == "sign":
            signature = interfaces.signature_of("enforcement", body)
        if signature is not None:
            headers["X-BPETS-Signature"] = signature
        return client.post(
            URL, data=body, content_type="application/json", headers=headers
        )

    return post


def refusals():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.INTERFACE_REFUSED))


def test_the_url_is_the_documented_one():
    assert reverse("bsits:enforcement-message") == URL


def test_a_message_records_the_event_and_answers_with_numbers_only(
    post, account, caplog
):
    caplog.set_level(logging.DEBUG)

    response = post(enforcement_message())

    assert response.status_code == 201
    event = Event.objects.get(enforcement_event_number="NGL2607000123")
    assert response.json() == {
        "event_number": "NGL2607000123",
        "bpets_number": event.number,
        "created": True,
        "fields_changed": 0,
        "subjects_added": 1,
        "review_items": 0,
        "already_applied": False,
    }
    assert response["X-BPETS-Signature"] == interfaces.signature_of(
        "enforcement", response.content
    )
    assert event.recorded_by == account.user
    assert event.history.get().history_user == account.user
    received = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_RECEIVED)
    assert received.actor_id == account.user.pk
    assert received.target_id == str(event.pk)
    assert received.details == {
        "partner": "enforcement",
        "via": "endpoint",
        "message": "ENF-000101",
        "enforcement_event": "NGL2607000123",
        "unit": event.station_id,
        "created": True,
        "fields_changed": 0,
        "subjects_added": 1,
        "review_items": 0,
        "already_applied": False,
    }
    for value in SUBJECT_VALUES:
        assert value not in response.content.decode()
        assert value not in json.dumps(received.details)
        assert value not in caplog.text


def test_a_correction_answers_200_with_its_counts(post):
    post(enforcement_message())

    response = post(enforcement_message("ENF-000102", terrain="BRUSH"))

    assert response.status_code == 200
    assert response.json()["fields_changed"] == 1
    assert Event.objects.get().terrain == "BRUSH"


def test_an_unsigned_message_is_refused_and_audited(post, account):
    response = post(enforcement_message(), signature=None)

    assert response.status_code == 401
    assert not Event.objects.exists()
    [refusal] = refusals()
    assert refusal.actor_id == account.user.pk
    assert refusal.details["partner"] == "enforcement"


def test_a_badly_signed_message_is_refused_and_audited(post):
    body = json.dumps(enforcement_message(terrain="BRUSH")).encode()

    response = post(
        enforcement_message(), signature=interfaces.signature_of("enforcement", body)
    )

    assert response.status_code == 401
    assert not Event.objects.exists()
    assert len(refusals()) == 1


def test_a_message_signed_with_another_partners_key_is_refused(post):
    body = json.dumps(enforcement_message()).encode()

    response = post(
        enforcement_message(), signature=interfaces.signature_of("warehouse", body)
    )

    assert response.status_code == 401
    assert not Event.objects.exists()


def test_a_revoked_token_is_refused(post, administrator, token):
    service_accounts.revoke_token(administrator, token[0])

    response = post(enforcement_message())

    assert response.status_code == 401
    assert not Event.objects.exists()
    assert len(refusals()) == 1


def test_another_partners_token_is_refused(post, administrator, units):
    warehouse = service_accounts.create_account(
        administrator, partner="warehouse", unit=units["headquarters"], name="DW"
    )
    _, plaintext = service_accounts.issue_token(administrator, warehouse)

    response = post(enforcement_message(), bearer=plaintext)

    assert response.status_code == 401
    assert not Event.objects.exists()
    assert len(refusals()) == 1


def test_no_token_is_refused(client):
    body = json.dumps(enforcement_message()).encode()

    response = client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={"X-BPETS-Signature": interfaces.signature_of("enforcement", body)},
    )

    assert response.status_code == 401
    assert not Event.objects.exists()


def test_a_station_outside_the_accounts_unit_is_refused_and_audited(post, account):
    response = post(enforcement_message(sector="EPT", station="Ysleta"))

    assert response.status_code == 403
    assert response.json()["field"] == "station"
    assert not Event.objects.exists()
    [refusal] = refusals()
    assert refusal.actor_id == account.user.pk
    assert refusal.details == {
        "partner": "enforcement",
        "reason": "out_of_scope",
        "field": "station",
        "via": "endpoint",
    }


def test_a_malformed_message_is_a_400_naming_the_field_and_changes_nothing(post):
    post(enforcement_message())
    event = Event.objects.get()

    response = post(
        enforcement_message(
            "ENF-000102",
            terrain="BRUSH",
            subjects=[enforcement_subject(1, date_of_birth="1994-02-30")],
        )
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "subjects[0].date_of_birth: must be a date as YYYY-MM-DD.",
        "field": "subjects[0].date_of_birth",
    }
    event.refresh_from_db()
    assert event.terrain == "DESERT"
    assert event.history.count() == 1
    [refusal] = refusals()
    assert refusal.details["reason"] == "malformed"
    assert refusal.details["field"] == "subjects[0].date_of_birth"


def _signed_post(client, token, body):
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {token[1]}",
            "X-BPETS-Signature": interfaces.signature_of("enforcement", body),
        },
    )


def test_a_body_that_is_not_json_is_a_400(post, client, token):
    response = _signed_post(client, token, b"{not json")

    assert response.status_code == 400
    assert response.json()["error"] == "message: is not JSON in UTF-8."


def test_nothing_is_taken_while_bsits_is_historical_only(post, settings):
    settings.BSITS_HISTORICAL_ONLY = True

    response = post(enforcement_message())

    assert response.status_code == 409
    assert not Event.objects.exists()


def test_a_get_is_not_allowed(client, token):
    response = client.get(URL, headers={"Authorization": f"Bearer {token[1]}"})

    assert response.status_code == 405
    assert not ReviewItem.objects.exists()


def test_a_replayed_message_is_answered_as_already_applied(post):
    first = enforcement_message("REPLAY-A", sent_at=sent_at(0))
    post(first)
    post(enforcement_message("REPLAY-B", sent_at=sent_at(60), terrain="BRUSH"))

    response = post(first)

    assert response.status_code == 200
    assert response.json()["fields_changed"] == 0
    assert response.json()["already_applied"] is True
    assert Event.objects.get().terrain == "BRUSH"


def test_a_late_message_is_a_409(post):
    post(enforcement_message("ENF-000101", sent_at=sent_at(60)))

    response = post(enforcement_message("ENF-000102", sent_at=sent_at(30)))

    assert response.status_code == 409
    assert response.json()["field"] == "sent_at"
    assert refusals()[0].details["reason"] == "stale"


def test_a_deeply_nested_body_is_a_400(client, token):
    response = _signed_post(client, token, b"[" * 5000 + b"]" * 5000)

    assert response.status_code == 400
    assert response.json() == {
        "error": "message: nests arrays and objects more than 10 deep.",
        "field": "message",
    }
    assert refusals()[0].details["field"] == "message"


def test_brackets_inside_text_are_not_nesting(post):
    response = post(
        enforcement_message(circumstance_notes='[[[[[[[[[[[[ \\" {{{{{{{{{{{{')
    )

    assert response.status_code == 201


def test_a_body_over_the_limit_is_refused_in_json(client, token):
    body = b'{"padding": "' + b"x" * (3 * 1024 * 1024) + b'"}'

    response = _signed_post(client, token, body)

    assert response.status_code == 413
    assert response.json() == {
        "error": "message: is larger than 1048576 bytes.",
        "field": "message",
    }
    assert refusals()[0].details["reason"] == "too_large"
    assert not Event.objects.exists()


def test_an_account_of_another_station_is_not_told_the_number_exists(
    post, administrator, units, client
):
    post(enforcement_message())
    ajo = service_accounts.create_account(
        administrator, partner="enforcement", unit=units["ajo"], name="E3 Ajo"
    )
    ajo_token = service_accounts.issue_token(administrator, ajo)[1]

    known = post(enforcement_message("ENF-000102", station="Ajo"), bearer=ajo_token)
    unknown = post(
        enforcement_message("ENF-000103", event_number="NGL2607000999"),
        bearer=ajo_token,
    )

    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()


def test_the_station_auditor_reads_the_message_that_wrote_a_station_event(
    post, make_user, give, client, units
):
    """The account's home is the sector: only the event's station, named
    in the details, puts the message in the station auditor's scope."""
    post(enforcement_message())
    received = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_RECEIVED)
    assert received.details["unit"] == units["nogales"].pk
    here = make_user("ngaudit", home="nogales")
    give(here, "security", "security_auditor", "nogales")
    there = make_user("ysaudit", home="ysleta")
    give(there, "security", "security_auditor", "ysleta")

    seen = {}
    for auditor in (here, there):
        client.force_login(auditor)
        page = client.get("/security/audit/", {"kind": received.kind})
        seen[auditor.username] = [event.pk for event in page.context["page"]]

    assert seen == {"ngaudit": [received.pk], "ysaudit": []}
