import pytest
from django.urls import reverse

from staffing.models import Employee
from tests.staffing.conftest import grant


@pytest.mark.django_db
def test_a_save_that_meets_another_users_change_is_a_409_changing_nothing(
    client, people, units, monkeypatch
):
    """Two personnel give the same hash ID at once: the second save meets the
    database's unique constraint after the form's own check passed."""
    grant(people["second_line"], "personnel", units["nogales"])
    peer = people["peer"].employee
    monkeypatch.setattr(Employee, "validate_unique", lambda self, exclude=None: None)
    client.force_login(people["second_line"])

    response = client.post(
        reverse("staffing:edit", args=[peer.pk, "identity"]),
        {"hash_id": "a" * 64},  # the subject's
    )

    assert response.status_code == 409
    assert b"Someone else changed this at the same time" in response.content
    peer.refresh_from_db()
    assert peer.hash_id is None
