"""The one-way push to the telephone directory: queued with the change,
signed, retried with back-off, in order, and never carrying hidden data."""

import hashlib
import hmac
import http.server
import io
import json
import socket
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from security.models import LegalHold
from security.retention import engine
from staffing import (
    directory_delivery,
    directory_push,
    directory_sinks,
    imports,
    services,
)
from staffing.models import Canine, DirectoryMessage, EmergencyContact, Employee
from tests.staffing.conftest import grant

ROOT = Path(__file__).resolve().parent.parent.parent
KEY = "a-test-signing-key-0123456789abcdefghijkl"
# The test clock: an hour ahead of the real one, so that every message the
# tests queue (stamped with the real time) is due by it, whatever day the
# suite runs.
T0 = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.DIRECTORY_SIGNING_KEY = KEY
    settings.DIRECTORY_PUSH_MAX_ATTEMPTS = 4


@pytest.fixture
def at():
    return lambda minutes=0: T0 + timedelta(minutes=minutes)


@pytest.fixture
def subject(people):
    """The subject, whose listing alone waits: everyone else's went out."""
    others = DirectoryMessage.objects.exclude(directory_id=people["subject"].pk)
    others.update(state=DirectoryMessage.State.SENT, sent_at=T0)
    return people["subject"]


@pytest.fixture
def personnel(make_user, units):
    user = make_user("personnelhere")
    grant(user, "personnel", units["tucson"])
    return user


def messages_of(employee) -> list[DirectoryMessage]:
    return list(DirectoryMessage.objects.filter(directory_id=employee.pk))


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def sent_bodies(path: Path) -> list[dict]:
    return [json.loads(line["message"]) for line in lines_of(path)]


class FailingSink:
    def __init__(self, error=None):
        self.error = error or directory_sinks.DeliveryFailed(
            "The directory answered HTTP 503."
        )
        self.tries = 0

    def send(self, message):
        self.tries += 1
        raise self.error


class KeepingSink:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(json.loads(message.body))


# Queued with the change, and only with a change the directory holds.


@pytest.mark.django_db
def test_a_new_record_queues_its_listing(people, units):
    subject = people["subject"]

    [message] = messages_of(subject)

    assert message.action == "upsert"
    assert message.sequence == 1
    assert message.state == DirectoryMessage.State.PENDING
    assert message.station_id == units["nogales"].pk
    assert message.payload == {
        "first_name": "Subject",
        "middle_initial": "",
        "last_name": "Tester",
        "nickname": "",
        "job_title": "Border Patrol Agent",
        "station": {
            "id": units["nogales"].pk,
            "code": units["nogales"].code,
            "name": "Nogales",
        },
        "work_street": "1 Station Road",
        "work_city": "Nogales",
        "work_state": "AZ",
        "work_zip": "85621",
        "work_phone": "",
        "work_mobile": "",
        "work_email": "",
        "personal_numbers": {},
    }


@pytest.mark.django_db
def test_a_changed_work_number_is_queued_in_the_changing_transaction(people):
    subject = people["subject"]

    with transaction.atomic():
        services.update_profile(
            actor=people["self"],
            employee=subject,
            changes={"work_phone": "(520) 555-0150"},
        )
        # Visible before the commit: the row is part of the change itself.
        queued = messages_of(subject)

    assert [message.sequence for message in queued] == [1, 2]
    assert queued[1].payload["work_phone"] == "(520) 555-0150"


class Abandon(Exception):
    pass


@pytest.mark.django_db
def test_a_change_rolled_back_queues_nothing(people):
    subject = people["subject"]

    with pytest.raises(Abandon), transaction.atomic():
        services.update_profile(
            actor=people["self"],
            employee=subject,
            changes={"work_phone": "(520) 555-0150", "nickname": "Subby"},
        )
        assert len(messages_of(subject)) == 2
        raise Abandon

    assert [message.sequence for message in messages_of(subject)] == [1]


@pytest.mark.django_db(transaction=True)
def test_committed_and_rolled_back_changes_in_real_transactions(people, monkeypatch):
    pushes = []
    monkeypatch.setattr(directory_push, "_start_push", lambda: pushes.append(1))
    subject = Employee.objects.get(pk=people["subject"].pk)

    with pytest.raises(Abandon), transaction.atomic():
        subject.work_phone = "(520) 555-0161"
        subject.save()
        raise Abandon
    assert len(messages_of(subject)) == 1
    assert pushes == []

    with transaction.atomic():
        for number in ("(520) 555-0162", "(520) 555-0163"):
            subject.work_phone = number
            subject.save()
        assert pushes == []
    assert [m.payload["work_phone"] for m in messages_of(subject)] == [
        "",
        "(520) 555-0162",
        "(520) 555-0163",
    ]
    # One push for the whole transaction, asked for once it committed.
    assert pushes == [1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"medical_alerts": "Penicillin."},
        {"blood_type": "O-"},
        {"home_street": "99 Other Street"},
        {"emergency_patrol_agent_name": "Pat Ironwood"},
    ],
)
def test_a_change_the_directory_does_not_hold_queues_nothing(people, changes):
    subject = people["subject"]

    services.update_profile(
        actor=people["first_line"], employee=subject, changes=changes
    )

    assert len(messages_of(subject)) == 1


@pytest.mark.django_db
def test_hr_and_identity_changes_queue_nothing(people, personnel):
    subject = people["subject"]

    services.update_profile(
        actor=personnel,
        employee=subject,
        changes={"grade": 13, "step": 4, "drivers_licence_number": "D1234567"},
    )

    assert len(messages_of(subject)) == 1


@pytest.mark.django_db
def test_a_shown_number_is_listed_and_unlisting_it_takes_it_away(people):
    subject = people["subject"]

    # Showing the home address changes nothing the directory lists.
    services.set_shown_personal_fields(
        actor=people["self"], employee=subject, shown=["home_address"]
    )
    assert len(messages_of(subject)) == 1

    services.set_shown_personal_fields(
        actor=people["self"], employee=subject, shown=["home_address", "mobile_phone"]
    )
    services.update_profile(
        actor=people["self"], employee=subject, changes={"phones_unlisted": True}
    )

    first, shown, unlisted = messages_of(subject)
    assert shown.payload["personal_numbers"] == {"mobile_phone": "(520) 555-0112"}
    assert unlisted.payload["personal_numbers"] == {}
    assert unlisted.sequence == 3


@pytest.mark.django_db
def test_a_separation_queues_a_removal_and_nothing_after_it(people, personnel):
    subject = people["subject"]

    services.separate(
        actor=personnel,
        employee=subject,
        separation_date=date(2026, 11, 30),
        reason="Retired",
    )
    services.update_profile(actor=personnel, employee=subject, changes={"grade": 14})

    listing, removal = messages_of(subject)
    assert removal.action == "remove"
    assert removal.payload is None
    assert removal.sequence == 2


@pytest.mark.django_db
def test_a_record_removed_leaves_a_removal_behind(people):
    subject = people["subject"]
    directory_id = subject.pk

    subject.delete()

    listing, removal = DirectoryMessage.objects.filter(directory_id=directory_id)
    assert listing.employee is None
    assert (removal.action, removal.employee, removal.sequence) == ("remove", None, 2)


# Never anything hidden.


def distinctive_values() -> dict:
    """A value for every field the directory must never receive."""
    values = {
        name: f"Hidden{number:02d}x"
        for number, name in enumerate(
            (
                "home_street",
                "home_city",
                "mailing_street",
                "mailing_city",
                "personal_email",
                "gender",
                "academy_class",
                "job_classification",
                "doctor_name",
                "medical_alerts",
                "health_plan_name",
                "health_plan_code",
                "emergency_patrol_agent_name",
                "drivers_licence_number",
                "separation_reason",
            )
        )
    }
    values["personal_email"] = "hidden.person@home.example.invalid"
    values.update(
        home_state="NM",
        home_zip="87001",
        mailing_state="TX",
        mailing_zip="79901",
        pager="(520) 555-0177",
        doctor_phone="(520) 555-0178",
        emergency_patrol_agent_phone="(520) 555-0179",
        blood_type="AB-",
        hash_id="f" * 64,
        drivers_licence_state="CO",
        pay_plan="GL",
        employment_type="CONTRACTOR",
        date_of_birth=date(1961, 1, 2),
        entered_on_duty_date=date(1962, 3, 4),
        service_computation_date=date(1963, 5, 6),
        border_patrol_entered_on_duty_date=date(1964, 7, 8),
        station_entered_on_duty_date=date(1965, 9, 10),
        next_within_grade_increase_date=date(1966, 11, 12),
        drivers_licence_expiry=date(1967, 12, 13),
        separation_date=date(1968, 1, 14),
        grade=15,
        step=9,
    )
    return values


@pytest.mark.django_db
def test_hidden_information_is_never_pushed(subject, people, units, tmp_path):
    hidden = distinctive_values()
    for name, value in hidden.items():
        setattr(subject, name, value)
    subject.home_phone = "(520) 555-0175"
    subject.mobile_phone = "(520) 555-0176"
    subject.assigned_canine = Canine.objects.create(
        name="Hiddenhound", identifier="K9-HIDDEN", station=units["nogales"]
    )
    # Everything shown that can be: still only the numbers are listed.
    subject.shown_personal_fields = [
        "home_address",
        "mailing_address",
        "home_phone",
        "personal_email",
    ]
    subject.save()
    EmergencyContact.objects.create(
        employee=subject,
        name="Hidden Contact",
        relationship="sister",
        phone="(520) 555-0180",
    )
    sink = directory_sinks.FileSink(tmp_path / "push.jsonl")

    directory_delivery.push_due(sink=sink)
    subject.phones_unlisted = True
    subject.save()
    directory_delivery.push_due(sink=sink)

    # Every field of the record is either listed, tried here, or bookkeeping.
    tried = {*hidden, "home_phone", "mobile_phone", "assigned_canine", "supervisor"}
    listed = {*directory_push.LISTED_WORK_FIELDS, "duty_station"}
    kept = {"id", "user", "search_name", "status", "shown_personal_fields"}
    every_field = {field.name for field in Employee._meta.concrete_fields}
    assert tried | listed | kept | {"phones_unlisted"} == every_field
    written = (tmp_path / "push.jsonl").read_text()
    supervisor = subject.supervisor.full_name
    for value in [
        *hidden.values(),
        "Hiddenhound",
        "Hidden Contact",
        "(520) 555-0176",
        supervisor,
    ]:
        text = value.isoformat() if isinstance(value, date) else str(value)
        if not isinstance(value, int):
            assert text not in written, text
    shown, unlisted = (body["listing"] for body in sent_bodies(tmp_path / "push.jsonl"))
    assert shown["personal_numbers"] == {"home_phone": "(520) 555-0175"}
    assert unlisted["personal_numbers"] == {}
    assert set(shown) == {
        *directory_push.LISTED_WORK_FIELDS,
        "station",
        "personal_numbers",
    }


# Signed, so the directory can check what it received.


@pytest.mark.django_db
def test_a_pushed_line_carries_a_signature_over_its_exact_bytes(
    subject, people, tmp_path, at
):
    sink = directory_sinks.FileSink(tmp_path / "push.jsonl")

    directory_delivery.push_due(sink=sink, now=at())

    [line] = lines_of(tmp_path / "push.jsonl")
    expected = hmac.new(
        KEY.encode(), line["message"].encode("utf-8"), hashlib.sha256
    ).hexdigest()
    assert line["signature"] == f"sha256={expected}"
    body = json.loads(line["message"])
    [message] = messages_of(subject)
    assert body == {
        "message_id": message.pk,
        "directory_id": subject.pk,
        "sequence": 1,
        "action": "upsert",
        "listing": message.payload,
        "queued_at": message.created_at.isoformat(),
        "signed_at": T0.isoformat(),
    }
    tampered = line["message"].replace("Subject", "Someone")
    forged = hmac.new(KEY.encode(), tampered.encode(), hashlib.sha256).hexdigest()
    assert line["signature"] != f"sha256={forged}"


class Receiver(http.server.BaseHTTPRequestHandler):
    """A directory endpoint on 127.0.0.1 that answers as the test says."""

    answers: list
    received: list

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append((self.headers, self.rfile.read(length)))
        status, headers = self.answers.pop(0) if self.answers else (204, {})
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    handler = type("TestReceiver", (Receiver,), {"answers": [], "received": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/listings"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_http_sink_posts_the_signed_body_with_its_headers(
    subject, people, receiver, settings, at
):
    handler, url = receiver
    settings.DIRECTORY_SINK = "http"
    settings.DIRECTORY_SINK_URL = url

    outcome = directory_delivery.push_due(now=at())

    [(headers, body)] = handler.received
    expected = hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-BPETS-Signature"] == f"sha256={expected}"
    assert headers["X-BPETS-Timestamp"] == T0.isoformat()
    [message] = messages_of(subject)
    assert headers["X-BPETS-Message-Id"] == str(message.pk)
    assert json.loads(body)["listing"]["first_name"] == "Subject"
    assert outcome.as_dict() == {
        "sent": 1,
        "retrying": 0,
        "failed": 0,
        "superseded": 0,
        "busy": 0,
    }
    assert message.state == DirectoryMessage.State.SENT
    assert message.sent_at == at()


@pytest.mark.django_db
def test_an_http_error_or_a_redirect_is_a_failed_attempt(
    subject, people, receiver, settings, at
):
    handler, url = receiver
    settings.DIRECTORY_SINK = "http"
    settings.DIRECTORY_SINK_URL = url
    handler.answers.extend(
        [(503, {}), (302, {"Location": "http://127.0.0.1:9/elsewhere"})]
    )

    directory_delivery.push_due(now=at())
    [message] = messages_of(subject)
    assert message.last_error == "The directory answered HTTP 503."
    directory_delivery.push_due(now=at(1))

    message.refresh_from_db()
    assert message.last_error == "The directory answered HTTP 302."
    assert (message.state, message.attempts) == (DirectoryMessage.State.PENDING, 2)
    assert len(handler.received) == 2


def test_the_http_sink_refuses_plain_http_unless_allowed():
    with pytest.raises(ImproperlyConfigured, match="https://"):
        directory_sinks.HttpSink("http://127.0.0.1:8/listings", timeout=5)
    directory_sinks.HttpSink("https://directory.example.gov/listings", timeout=5)


@pytest.mark.django_db
def test_an_endpoint_that_does_not_answer_times_out(subject, people, at):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    sink = directory_sinks.HttpSink(
        f"http://127.0.0.1:{silent.getsockname()[1]}/",
        timeout=1,
        allow_plain_http=True,
    )
    try:
        directory_delivery.push_due(sink=sink, now=at())
    finally:
        silent.close()

    [message] = messages_of(subject)
    assert message.last_error == "The directory did not answer within 1 s."


# Retried with back-off, then failed for good and shown.


def test_the_back_off_doubles_up_to_an_hour():
    waits = [directory_delivery.backoff(attempt) for attempt in range(1, 9)]

    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert directory_delivery.backoff(5000) == timedelta(hours=1)


@pytest.mark.django_db
def test_a_failing_sink_is_retried_with_back_off_until_it_takes_the_message(
    subject, people, at
):
    failing, working = FailingSink(), KeepingSink()

    directory_delivery.push_due(sink=failing, now=at(0))
    [message] = messages_of(subject)
    assert (message.attempts, message.next_attempt_at) == (1, at(1))
    assert message.last_error == "The directory answered HTTP 503."

    directory_delivery.push_due(sink=failing, now=at(0.5))
    assert failing.tries == 1
    directory_delivery.push_due(sink=failing, now=at(1))
    message.refresh_from_db()
    assert (message.attempts, message.next_attempt_at) == (2, at(3))

    directory_delivery.push_due(sink=working, now=at(3))
    message.refresh_from_db()
    assert (message.state, message.attempts, message.sent_at) == ("SENT", 3, at(3))
    assert message.last_error == ""
    assert [body["message_id"] for body in working.sent] == [message.pk]


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_fails_for_good_until_retried(
    subject, people, at, audiences
):
    failing = FailingSink()
    for minute in (0, 1, 3, 7):
        directory_delivery.push_due(sink=failing, now=at(minute))
    [message] = messages_of(subject)
    assert (message.state, message.attempts) == ("FAILED", 4)

    directory_delivery.push_due(sink=failing, now=at(600))
    assert failing.tries == 4

    directory_delivery.retry_now(
        actor=audiences["staffing_administrator"], message_id=message.pk
    )
    working = KeepingSink()
    directory_delivery.push_due(sink=working, now=None)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("SENT", 5)


@pytest.mark.django_db
def test_a_run_pauses_after_three_refusals_in_a_row(people, at):
    failing = FailingSink()

    outcome = directory_delivery.push_due(sink=failing, now=at())

    assert (failing.tries, outcome.retrying) == (3, 3)
    attempts = sorted(DirectoryMessage.objects.values_list("attempts", flat=True))
    assert attempts == [0, 0, 1, 1, 1]


@pytest.mark.django_db
def test_an_unexpected_error_is_recorded_by_its_kind_only(subject, people, at):
    sink = FailingSink(ValueError("cannot encode (520) 555-0112 for Subject"))

    directory_delivery.push_due(sink=sink, now=at())

    [message] = messages_of(subject)
    assert message.last_error == "Unexpected error (ValueError)."


# In order: one person's messages go out oldest first, the newest wins.


@pytest.mark.django_db
def test_a_newer_change_replaces_an_unsent_older_one(subject, people, at):
    for number in ("(520) 555-0151", "(520) 555-0152"):
        services.update_profile(
            actor=people["self"], employee=subject, changes={"work_phone": number}
        )
    sink = KeepingSink()

    outcome = directory_delivery.push_due(sink=sink, now=at())

    assert [
        (body["sequence"], body["listing"]["work_phone"]) for body in sink.sent
    ] == [(3, "(520) 555-0152")]
    states = [message.state for message in messages_of(subject)]
    assert states == ["SUPERSEDED", "SUPERSEDED", "SENT"]
    assert (outcome.sent, outcome.superseded) == (1, 2)


@pytest.mark.django_db
def test_a_change_made_while_an_older_one_waits_to_be_retried_goes_first(
    subject, people, at
):
    directory_delivery.push_due(sink=FailingSink(), now=at(0))
    services.update_profile(
        actor=people["self"], employee=subject, changes={"work_phone": "(520) 555-0153"}
    )
    sink = KeepingSink()

    # The older message is not due again until minute 1; the newer is due.
    directory_delivery.push_due(sink=sink, now=at(0.5))

    assert [body["sequence"] for body in sink.sent] == [2]
    assert [m.state for m in messages_of(subject)] == ["SUPERSEDED", "SENT"]


@pytest.mark.django_db(transaction=True)
def test_a_person_another_worker_is_sending_is_skipped(people):
    subject_id = people["subject"].pk
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            rows = DirectoryMessage.objects.select_for_update()
            list(rows.filter(directory_id=subject_id))
            locked.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    assert locked.wait(10)
    sink = KeepingSink()
    try:
        outcome = directory_delivery.push_due(sink=sink)
    finally:
        release.set()
        worker.join()

    assert (outcome.busy, outcome.sent) == (1, 4)
    assert subject_id not in [body["directory_id"] for body in sink.sent]
    assert [m.state for m in messages_of(people["subject"])] == ["PENDING"]


@pytest.mark.django_db
def test_each_persons_messages_reach_the_file_in_their_order(people, tmp_path, at):
    subject = people["subject"]
    sink = directory_sinks.FileSink(tmp_path / "push.jsonl")

    directory_delivery.push_due(sink=sink, now=at(0))
    for minute, number in ((1, "(520) 555-0154"), (2, "(520) 555-0155")):
        services.update_profile(
            actor=people["self"], employee=subject, changes={"work_phone": number}
        )
        directory_delivery.push_due(sink=sink, now=at(minute))

    mine = [body for body in sent_bodies(tmp_path / "push.jsonl")]
    subject_sequences = [
        body["sequence"] for body in mine if body["directory_id"] == subject.pk
    ]
    assert subject_sequences == [1, 2, 3]
    # Everyone else's first listing went out in the first push, once.
    assert len(mine) == Employee.objects.count() + 2


# The queue page, for the staffing administrators of the people's station.


@pytest.mark.django_db
def test_the_queue_shows_a_stations_waiting_and_failed_messages_to_its_administrators(
    subject, audiences, people, client, at
):
    for minute in (0, 1, 3, 7):
        directory_delivery.push_due(sink=FailingSink(), now=at(minute))
    peer = Employee.objects.get(user=people["peer"])
    services.update_profile(
        actor=people["peer"], employee=peer, changes={"nickname": "Pip"}
    )
    client.force_login(audiences["staffing_administrator"])

    page = client.get("/staffing/directory/push/").content.decode()

    assert "Failed for good: 1" in page
    assert "Waiting to be sent: 1" in page
    assert page.count("Retry now") == 1
    assert "The directory answered HTTP 503." in page
    assert "Subject Tester" in page
    assert "Peer Tester" in page
    # The page shows whose listing it is, not the listing.
    assert "1 Station Road" not in page
    assert "Pip" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["peer", "first_line", "personnel_here"])
def test_the_queue_is_refused_to_everyone_else(audiences, client, who):
    client.force_login(audiences[who])

    assert client.get("/staffing/directory/push/").status_code == 403


@pytest.mark.django_db
def test_another_stations_administrator_neither_sees_nor_retries_them(
    subject, audiences, people, make_user, units, client, at
):
    for minute in (0, 1, 3, 7):
        directory_delivery.push_due(sink=FailingSink(), now=at(minute))
    message = messages_of(subject)[0]
    elsewhere = make_user("adminysleta", home="ysleta")
    grant(elsewhere, "staffing_administrator", units["ysleta"])
    client.force_login(elsewhere)

    page = client.get("/staffing/directory/push/").content.decode()
    refused = client.post(f"/staffing/directory/push/{message.pk}/retry/")

    assert "Failed for good: 0" in page
    assert "Subject Tester" not in page
    assert refused.status_code == 403
    message.refresh_from_db()
    assert message.state == DirectoryMessage.State.FAILED


@pytest.mark.django_db
def test_retry_now_is_a_post_with_its_csrf_token(subject, audiences, people, at):
    for minute in (0, 1, 3, 7):
        directory_delivery.push_due(sink=FailingSink(), now=at(minute))
    message = messages_of(subject)[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(audiences["staffing_administrator"])
    url = f"/staffing/directory/push/{message.pk}/retry/"

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    page = client.get("/staffing/directory/push/")
    token = page.cookies["csrftoken"].value
    answer = client.post(url, {"csrfmiddlewaretoken": token})

    assert answer.status_code == 302
    message.refresh_from_db()
    assert message.state == DirectoryMessage.State.PENDING
    assert message.attempts == 4


# What the demo loads is queued, once.


@pytest.mark.django_db
def test_the_demo_population_queues_one_listing_each(demo):
    call_command("load_demo", stdout=io.StringIO())

    employees = Employee.objects.count()
    assert employees > 0
    assert DirectoryMessage.objects.count() == employees
    assert set(DirectoryMessage.objects.values_list("sequence", flat=True)) == {1}


# Production settings.


def start_production(**extra):
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "bpets.settings",
        "BPETS_ENV": "production",
        "SECRET_KEY": "a-production-secret-key-of-fifty-or-more-characters-0123",
        "ALLOWED_HOSTS": "bpets.example.gov",
        "DATABASE_URL": "postgres://bpets@db.example.gov:5432/bpets",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_needs_a_signing_key_of_its_own():
    assert "DIRECTORY_SIGNING_KEY is not set" in start_production().stderr
    same = start_production(
        DIRECTORY_SIGNING_KEY="a-production-secret-key-of-fifty-or-more-characters-0123"
    )
    assert "DIRECTORY_SIGNING_KEY is not set or too weak" in same.stderr
    assert start_production(DIRECTORY_SIGNING_KEY=KEY).returncode == 0


def test_production_refuses_a_directory_address_without_https():
    result = start_production(
        DIRECTORY_SIGNING_KEY=KEY,
        DIRECTORY_SINK="http",
        DIRECTORY_SINK_URL="http://directory.example.gov/listings",
    )

    assert "DIRECTORY_SINK_URL must be the directory's https:// address" in (
        result.stderr
    )


# Retention: a replaced message is a superseded copy, and goes.


@pytest.mark.django_db
def test_replaced_messages_and_their_file_lines_go_the_newest_stays(
    subject, people, tmp_path, settings, at
):
    settings.DIRECTORY_SINK_FILE = str(tmp_path / "push.jsonl")
    sink = directory_sinks.FileSink(settings.DIRECTORY_SINK_FILE)
    directory_delivery.push_due(sink=sink, now=at(0))
    for minute, number in ((1, "(520) 555-0156"), (2, "(520) 555-0157")):
        services.update_profile(
            actor=people["self"], employee=subject, changes={"work_phone": number}
        )
        if minute == 1:
            directory_delivery.push_due(sink=sink, now=at(minute))
    peer = Employee.objects.get(user=people["peer"])
    services.update_profile(
        actor=people["peer"], employee=peer, changes={"work_phone": "(520) 555-0158"}
    )
    LegalHold.objects.create(
        user=people["peer"], reason="Records request.", placed_by=people["peer"]
    )

    run = engine.run(today=timezone.localdate())

    assert run.counts()["staffing.directory_replaced_messages"] == {
        "due": 3,
        "held": 1,
        "purged": 2,
    }
    assert [(m.sequence, m.state) for m in messages_of(subject)] == [(3, "PENDING")]
    assert [m.sequence for m in messages_of(peer)] == [1, 2]
    assert (tmp_path / "push.jsonl").read_text() == ""


def test_forgetting_lines_keeps_the_others_and_who_may_read_the_file(tmp_path):
    path = tmp_path / "push.jsonl"
    sink = directory_sinks.FileSink(path)
    for message_id in (1, 2, 3):
        body = directory_push.canonical_json({"message_id": message_id}).encode()
        sink.send(directory_sinks.SignedMessage(message_id, body, "sha256=x", "t"))
    with path.open("a") as file:
        file.write("a line someone else wrote\n")
    path.chmod(0o644)

    assert sink.forget([2, 7]) == 1

    *ours, theirs = path.read_text().splitlines()
    assert [json.loads(json.loads(line)["message"]) for line in ours] == [
        {"message_id": 1},
        {"message_id": 3},
    ]
    assert theirs == "a line someone else wrote"
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.django_db
def test_the_command_sends_what_is_due(subject, tmp_path, settings):
    settings.DIRECTORY_SINK_FILE = str(tmp_path / "push.jsonl")
    output = io.StringIO()

    call_command("push_directory", stdout=output)

    assert output.getvalue().startswith("Sent 1; 0 to retry later, 0 failed")
    [body] = sent_bodies(tmp_path / "push.jsonl")
    assert body["directory_id"] == subject.pk


@pytest.mark.django_db
def test_an_import_queues_each_new_listing_and_asks_for_one_push(audiences):
    header = (
        "username,first_name,last_name,job_title,sector,station,supervisor,"
        "work_street,work_city,work_state,work_zip,work_phone"
    )
    rows = [
        "nova.quail,Nova,Quail,Border Patrol Agent,TCA,Nogales,firstline,"
        "1 Station Road,Nogales,AZ,85621,(520) 555-0141",
        "rio.wren,Rio,Wren,Border Patrol Agent,TCA,Nogales,firstline,"
        "1 Station Road,Nogales,AZ,85621,(520) 555-0142",
    ]
    content = "\r\n".join([header, *rows, ""]).encode()
    imports.import_file(actor=audiences["staffing_administrator"], content=content)

    queued = DirectoryMessage.objects.filter(
        employee__user__username__in=["nova.quail", "rio.wren"]
    )
    assert sorted((m.payload["work_phone"], m.sequence) for m in queued) == [
        ("(520) 555-0141", 1),
        ("(520) 555-0142", 1),
    ]
    # The test's transaction never commits; what it would do then is one push
    # for everything saved in it, the people fixture's records included.
    waiting = [callback for _, callback, _ in connection.run_on_commit]
    assert waiting.count(directory_push._start_push) == 1
