import pytest

from security import services
from security.models import AuditEvent, User

NEW = "my-own-new-password-42"


@pytest.mark.django_db
def test_an_account_opened_by_an_administrator_must_choose_a_password(
    sector_admin, units, client
):
    services.create_account(
        creator=sector_admin,
        username="newcomer",
        first_name="New",
        last_name="Comer",
        email="newcomer@demo.bpets.invalid",
        home_unit=units["nogales"],
        password="administrator-chose-this-1",
    )
    newcomer = User.objects.get(username="newcomer")
    newcomer.background_investigation_status = "FAVORABLE"
    newcomer.background_investigation_date = "2026-01-02"
    newcomer.security_training_date = newcomer.date_joined.date()
    newcomer.save()
    client.force_login(newcomer)

    held = client.get("/security/organization/")
    assert held["Location"] == "/security/password/"

    response = client.post(
        "/security/password/",
        {
            "old_password": "administrator-chose-this-1",
            "new_password1": NEW,
            "new_password2": NEW,
        },
    )

    assert response["Location"] == "/"
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW)
    assert not newcomer.password_change_required
    assert client.get("/security/organization/").status_code == 200
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.PASSWORD_CHANGED, subject_user_id=newcomer.pk
    ).exists()


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_next_to_its_field(make_user, client):
    client.force_login(make_user("agent1"))

    response = client.post(
        "/security/password/",
        {
            "old_password": "a-long-test-password-1",
            "new_password1": "short",
            "new_password2": "short",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short." in page
