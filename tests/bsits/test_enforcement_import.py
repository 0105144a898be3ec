"""BSI messages imported as a signed file: from the page by a station's
editor, or by the command as the enforcement system's service account."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from bsits import enforcement, receiving
from bsits.models import Event
from security import interfaces
from security.models import AuditEvent
from tests.bsits.conftest import enforcement_message, enforcement_subject

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "bsits" / "examples" / "enforcement_message.json"


def signed(content) -> tuple[bytes, str]:
    body = json.dumps(content).encode()
    return body, interfaces.signature_of("enforcement", body)


def upload(client, body, signature, name="records.json"):
    return client.post(
        reverse("bsits:enforcement-import"),
        {
            "file": SimpleUploadedFile(name, body, "application/json"),
            "signature": signature,
        },
    )


class TestTheExample:
    def test_it_is_signed_with_the_development_key(self):
        assert interfaces.detached_signature(EXAMPLE) == interfaces.signature_of(
            "enforcement", EXAMPLE.read_bytes()
        )

    def test_the_readme_shows_a_message_bpets_takes(self, organization):
        readme = (ROOT / "README.md").read_text()
        section = readme.split("### BSI records from the enforcement system", 1)[1]
        block = re.search(r"```json\n(.*?)```", section, flags=re.DOTALL).group(1)

        message = enforcement.read(json.loads(block), receiving.find_station)

        assert message.event_number == "NGL2609000417"
        assert [subject.number for subject in message.subjects] == [1, 3]


class TestThePage:
    def test_an_editor_imports_a_signed_file(self, editor, client):
        client.force_login(editor)
        body, signature = signed(
            [
                enforcement_message(),
                enforcement_message("ENF-000102", terrain="BRUSH"),
            ]
        )

        response = upload(client, body, signature)

        assert response.status_code == 302
        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        assert event.terrain == "BRUSH"
        assert event.recorded_by == editor
        reasons = list(
            event.history.order_by("history_id").values_list(
                "history_change_reason", "history_user"
            )
        )
        assert reasons == [
            ("Enforcement system message ENF-000101, file records.json", editor.pk),
            ("Enforcement system message ENF-000102, file records.json", editor.pk),
        ]
        received = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_RECEIVED
        ).order_by("pk")
        assert [event.details["message"] for event in received] == [
            "ENF-000101",
            "ENF-000102",
        ]
        assert {event.details["via"] for event in received} == {"file"}

    def test_an_unsigned_file_is_refused_and_audited(self, editor, client):
        client.force_login(editor)
        body, _ = signed(enforcement_message())

        response = upload(client, body, "")

        assert response.status_code == 400
        assert "The data carries no signature." in response.content.decode()
        assert not Event.objects.exists()
        refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert refusal.details["reason"] == "unsigned"
        assert refusal.actor_id == editor.pk

    def test_a_deeply_nested_file_is_refused(self, editor, client):
        client.force_login(editor)
        body = b"[" * 5000 + b"]" * 5000

        response = upload(client, body, interfaces.signature_of("enforcement", body))

        assert response.status_code == 400
        assert "file: nests arrays and objects more than 10 deep." in (
            response.content.decode()
        )
        refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert refusal.details["field"] == "file"

    def test_a_badly_signed_file_is_refused_and_audited(self, editor, client):
        client.force_login(editor)
        body, _ = signed(enforcement_message())
        signature = interfaces.signature_of("enforcement", body + b" ")

        response = upload(client, body, signature)

        assert response.status_code == 400
        assert "Nothing was imported." in response.content.decode()
        assert not Event.objects.exists()
        refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert refusal.actor_id == editor.pk

    def test_one_malformed_message_refuses_the_whole_file(self, editor, client):
        client.force_login(editor)
        body, signature = signed(
            [
                enforcement_message(),
                enforcement_message(
                    "ENF-000102", subjects=[enforcement_subject(1, gender="")]
                ),
            ]
        )

        response = upload(client, body, signature)

        assert response.status_code == 400
        assert (
            "Nothing was imported. Message 2: subjects[0].gender: is required."
            in response.content.decode()
        )
        assert not Event.objects.exists()
        refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert refusal.details["field"] == "[1].subjects[0].gender"

    def test_an_event_of_a_station_the_editor_does_not_edit_is_refused(
        self, far_editor, client
    ):
        client.force_login(far_editor)
        body, signature = signed(enforcement_message())

        response = upload(client, body, signature)

        assert response.status_code == 400
        assert not Event.objects.exists()
        refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert refusal.details["reason"] == "out_of_scope"

    def test_a_viewer_has_no_import_page(self, viewer, client):
        client.force_login(viewer)

        assert client.get(reverse("bsits:enforcement-import")).status_code == 403


@pytest.fixture
def account(enforcement_account):
    return enforcement_account


class TestTheCommand:
    def test_it_imports_the_example_as_the_service_account(self, account):
        out = io.StringIO()

        call_command("import_bsi_records", str(EXAMPLE), stdout=out)

        event = Event.objects.get(enforcement_event_number="NGL2609000417")
        assert event.recorded_by == account.user
        assert event.subjects.count() == 3
        assert event.history.get().history_change_reason == (
            "Enforcement system message ENF-2026-000417, file enforcement_message.json"
        )
        assert "1 messages, 1 new events, 0 corrected" in out.getvalue()

    def test_a_wrong_signature_option_refuses_the_file(self, account, tmp_path):
        path = tmp_path / "records.json"
        path.write_bytes(json.dumps(enforcement_message()).encode())

        with pytest.raises(CommandError, match="Nothing was imported"):
            call_command(
                "import_bsi_records", str(path), signature="sha256=" + "0" * 64
            )

        assert not Event.objects.exists()
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_REFUSED
        ).exists()

    def test_the_signature_option_signs_a_file_without_its_sig(self, account, tmp_path):
        body, signature = signed([enforcement_message()])
        path = tmp_path / "records.json"
        path.write_bytes(body)

        call_command(
            "import_bsi_records", str(path), signature=signature, stdout=io.StringIO()
        )

        assert Event.objects.filter(enforcement_event_number="NGL2607000123").exists()

    def test_an_unsigned_file_is_refused(self, account, tmp_path):
        path = tmp_path / "records.json"
        path.write_bytes(json.dumps(enforcement_message()).encode())

        with pytest.raises(CommandError, match="Nothing was imported"):
            call_command("import_bsi_records", str(path))

        assert not Event.objects.exists()
