import pytest

from staffing.models import Skill


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.django_db
def test_the_person_adds_an_emergency_contact(people, client):
    subject = people["subject"]
    client.force_login(people["self"])

    response = client.post(
        f"/staffing/people/{subject.pk}/lists/emergency-contacts/",
        {
            **management("emergency-contacts", 1),
            "emergency-contacts-0-name": "Robin Quail",
            "emergency-contacts-0-relationship": "Sibling",
            "emergency-contacts-0-phone": "(520) 555-0133",
        },
    )

    assert response.status_code == 302
    contact = subject.emergency_contacts.get()
    assert (contact.name, contact.phone) == ("Robin Quail", "(520) 555-0133")
    assert contact.history.first().history_user == people["self"]


@pytest.mark.django_db
def test_a_language_needs_to_say_which(people, client):
    subject = people["subject"]
    language = Skill.objects.get(code="language")
    client.force_login(people["first_line"])

    response = client.post(
        f"/staffing/people/{subject.pk}/lists/skills/",
        {
            **management("skills", 1),
            "skills-0-skill": language.pk,
            "skills-0-detail": "",
        },
    )

    assert response.status_code == 400
    assert "Say which (language)." in response.content.decode()
    assert not subject.skills.exists()


@pytest.mark.django_db
def test_a_peer_may_not_change_the_lists(people, client):
    client.force_login(people["peer"])

    for kind in ("emergency-contacts", "skills"):
        response = client.get(f"/staffing/people/{people['subject'].pk}/lists/{kind}/")
        assert response.status_code == 403
