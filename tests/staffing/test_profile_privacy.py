"""Each group of a profile is shown to exactly its audience, and looks are audited."""

import pytest

from security.models import AuditEvent
from staffing import policies, privacy
from staffing.models import Employee

Kind = AuditEvent.Kind
ALL_GROUPS = set(privacy.FIELDS)


EXPECTED = {
    "self": ALL_GROUPS,
    "first_line": ALL_GROUPS - {privacy.IDENTITY},
    "second_line": ALL_GROUPS - {privacy.IDENTITY},
    "other_chain": {privacy.WORK},
    "peer": {privacy.WORK},
    "personnel_here": {privacy.WORK, privacy.HR, privacy.IDENTITY},
    "personnel_elsewhere": {privacy.WORK},
    "staffing_administrator": {privacy.WORK},
}
SAMPLE_FIELD = {
    privacy.WORK: ("Job title", "Border Patrol Agent"),
    privacy.PERSONAL: ("Home phone", "(520) 555-0111"),
    privacy.HR: ("Grade", "12"),
    privacy.MEDICAL: ("Medical alerts", "Bee stings."),
    privacy.IDENTITY: ("Hash id", "a" * 64),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_profile_page_shows_exactly_the_audiences_groups(
    who, people, audiences, client
):
    client.force_login(audiences[who])

    page = client.get(f"/staffing/people/{people['subject'].pk}/").content.decode()

    assert policies.visible_groups(audiences[who], people["subject"]) == EXPECTED[who]
    for group, (label, value) in SAMPLE_FIELD.items():
        shown = f"<dt>{label}</dt><dd>{value}</dd>" in page
        assert shown == (group in EXPECTED[who]), (who, group)
    assert ("<h2>Emergency contacts</h2>" in page) == (
        privacy.EMERGENCY in EXPECTED[who]
    )


@pytest.mark.django_db
def test_every_field_of_the_profile_has_a_group():
    names = {field.name for field in Employee._meta.concrete_fields}

    placed = set(privacy.GROUP_OF) | set(privacy.BOOKKEEPING)
    assert names - placed == set()


@pytest.mark.django_db
class TestShowingPersonalFields:
    def test_a_shown_mobile_number_reaches_a_peer_and_nothing_else_does(
        self, people, client
    ):
        subject = people["subject"]
        subject.shown_personal_fields = ["mobile_phone"]
        subject.save()
        client.force_login(people["peer"])

        page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

        assert "<dt>Mobile phone</dt><dd>(520) 555-0112</dd>" in page
        assert "(520) 555-0111" not in page
        assert "12 Quiet Way" not in page

    def test_nothing_can_be_hidden_from_the_chain(self, people):
        subject = people["subject"]
        subject.shown_personal_fields = []
        subject.save()

        fields = policies.visible_fields(people["second_line"], subject)

        assert set(privacy.FIELDS[privacy.PERSONAL]) <= fields


@pytest.mark.django_db
class TestLooksAreAudited:
    def test_one_event_per_look_naming_the_groups(self, people, client):
        subject = people["subject"]
        client.force_login(people["first_line"])

        client.get(f"/staffing/people/{subject.pk}/")

        event = AuditEvent.objects.get(kind=Kind.PERSONAL_DATA_VIEWED)
        assert event.actor_id == people["first_line"].pk
        assert (event.target_type, event.target_id) == (
            "staffing.Employee",
            str(subject.pk),
        )
        assert event.details == {"groups": ["emergency", "hr", "medical", "personal"]}
        assert event.source == "staffing:profile"

    def test_work_information_alone_and_ones_own_record_are_not_events(
        self, people, client
    ):
        client.force_login(people["peer"])
        client.get(f"/staffing/people/{people['subject'].pk}/")
        client.force_login(people["self"])
        client.get(f"/staffing/people/{people['subject'].pk}/")

        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()

    def test_the_person_reads_who_has_seen_their_information(self, people, client):
        client.force_login(people["second_line"])
        client.get(f"/staffing/people/{people['subject'].pk}/")
        client.force_login(people["self"])

        page = client.get("/staffing/me/seen-by/").content.decode()

        assert '<td data-label="Who">secondline</td>' in page
        assert "emergency, hr, medical, personal" in page


@pytest.mark.django_db
def test_staffing_tells_security_who_the_supervisor_is(people):
    from security import providers

    assert providers.supervisor_of(people["self"]) == people["first_line"]
    assert providers.is_supervisory(people["first_line"])
    assert not providers.is_supervisory(people["self"])


@pytest.mark.django_db
def test_the_skill_catalog_is_shipped_whole():
    from staffing.models import Skill
    from staffing.skills import CATALOG

    assert Skill.objects.count() == len(CATALOG) == 44
    assert Skill.objects.get(code="language").takes_detail
    assert Skill.objects.get(code="borstar").name == (
        "BORSTAR (search, trauma and rescue)"
    )


@pytest.mark.django_db
class TestHistory:
    def change(self, subject, actor, **fields):
        for name, value in fields.items():
            setattr(subject, name, value)
        subject._history_user = actor
        subject.save()

    def test_a_peer_sees_work_changes_and_not_hidden_ones(self, people, client):
        subject = people["subject"]
        self.change(subject, people["self"], home_phone="(520) 555-0155")
        self.change(subject, people["self"], work_phone="(520) 555-0166")
        client.force_login(people["peer"])

        page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

        assert "Work phone: — → (520) 555-0166" in page
        assert "555-0155" not in page
        assert "Home phone" not in page

    def test_the_chain_sees_personal_changes(self, people, client):
        subject = people["subject"]
        self.change(subject, people["self"], home_phone="(520) 555-0155")
        client.force_login(people["first_line"])

        page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

        assert "Home phone: (520) 555-0111 → (520) 555-0155" in page


@pytest.mark.django_db
def test_a_change_made_by_the_system_shows_as_such(people, client):
    subject = people["subject"]
    subject.work_phone = "(520) 555-0166"
    subject.save()  # no acting user: a command or a task
    client.force_login(people["peer"])

    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

    assert '<td data-label="By">the system</td>' in page


@pytest.mark.django_db
def test_a_new_supervisor_shows_by_name_in_the_history(people, client):
    subject = people["subject"]
    second_line = Employee.objects.get(user=people["second_line"])
    subject.supervisor = second_line
    subject._history_user = people["self"]
    subject.save()
    client.force_login(people["peer"])

    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

    assert "Supervisor: Firstline Tester → Secondline Tester" in page


# Who may change which group, per DESIGN's table; a group missing here may
# not be changed by that audience at all.
EDITABLE = {
    "self": {privacy.WORK, privacy.PERSONAL, privacy.MEDICAL, privacy.EMERGENCY},
    "first_line": {privacy.WORK, privacy.PERSONAL, privacy.MEDICAL, privacy.EMERGENCY},
    "second_line": {
        privacy.WORK,
        privacy.PERSONAL,
        privacy.MEDICAL,
        privacy.EMERGENCY,
    },
    "other_chain": set(),
    "peer": set(),
    "personnel_here": {privacy.WORK, privacy.HR, privacy.IDENTITY},
    "personnel_elsewhere": set(),
    "staffing_administrator": {privacy.WORK},
}
# One field of each group, changed to a valid new value.
PROBES = {
    privacy.WORK: ("work_street", "2 Station Road"),
    privacy.PERSONAL: ("home_phone", "(520) 555-0123"),
    privacy.HR: ("academy_class", "999"),
    privacy.MEDICAL: ("blood_type", "AB-"),
    privacy.EMERGENCY: ("emergency_patrol_agent_phone", "(520) 555-0124"),
    privacy.IDENTITY: ("drivers_licence_number", "D1234567"),
}
WORK_PROBE_BY_AUDIENCE = {
    # Work fields differ by audience: phones for the chain, address for
    # personnel and staffing administrators.
    "self": ("work_phone", "(520) 555-0125"),
    "first_line": ("work_phone", "(520) 555-0125"),
    "second_line": ("work_phone", "(520) 555-0125"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EXPECTED))
@pytest.mark.parametrize("group", sorted(privacy.FIELDS))
def test_each_audience_changes_exactly_its_groups(who, group, people, audiences):
    from staffing import services

    subject = people["subject"]
    name, value = PROBES[group]
    if group == privacy.WORK:
        name, value = WORK_PROBE_BY_AUDIENCE.get(who, PROBES[group])

    if group in EDITABLE[who]:
        services.update_profile(
            actor=audiences[who], employee=subject, changes={name: value}
        )
        subject.refresh_from_db()
        assert getattr(subject, name) == value
    else:
        with pytest.raises(services.ProfileChangeRefused):
            services.update_profile(
                actor=audiences[who], employee=subject, changes={name: value}
            )
        subject.refresh_from_db()
        assert getattr(subject, name) != value


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_export_and_the_history_show_exactly_the_audiences_groups(
    who, people, audiences, client
):
    import csv
    import io

    subject = people["subject"]
    subject.medical_alerts = "Wasp stings."
    subject.home_phone = "(520) 555-0177"
    subject.job_title = "Senior Patrol Agent"
    subject._history_user = people["self"]
    subject.save()
    client.force_login(audiences[who])

    exported = client.get(f"/staffing/people/{subject.pk}/export.csv")
    (row,) = list(csv.DictReader(io.StringIO(exported.content.decode())))
    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

    samples = {
        privacy.WORK: ("job title", "Senior Patrol Agent"),
        privacy.PERSONAL: ("home phone", "(520) 555-0177"),
        privacy.HR: ("grade", "12"),
        privacy.MEDICAL: ("medical alerts", "Wasp stings."),
        privacy.IDENTITY: ("hash id", "a" * 64),
    }
    for group, (column, value) in samples.items():
        assert (row[column] == value) == (group in EXPECTED[who]), (who, group)
    assert ("→ (520) 555-0177" in page) == (privacy.PERSONAL in EXPECTED[who])
    assert ("→ Wasp stings." in page) == (privacy.MEDICAL in EXPECTED[who])
    assert "→ Senior Patrol Agent" in page


@pytest.mark.django_db
def test_the_database_refuses_a_record_without_its_required_fields(units):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.create(
            first_name="No",
            last_name="Address",
            job_title="Border Patrol Agent",
            duty_station=units["nogales"],
            work_street="",
            work_city="Nogales",
            work_state="AZ",
            work_zip="85621",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.create(
            first_name="Bad",
            last_name="State",
            job_title="Border Patrol Agent",
            duty_station=units["nogales"],
            work_street="1 Station Road",
            work_city="Nogales",
            work_state="ZZ",
            work_zip="85621",
        )


@pytest.mark.django_db
def test_a_higher_module_adds_a_panel_without_staffing_importing_it(people, client):
    from staffing import panels

    def vehicle_panel(request, employee):
        return {"title": "Current vehicle", "template": "staffing/_test_panel.html"}

    panels.register_panel(vehicle_panel)
    try:
        client.force_login(people["peer"])
        page = client.get(f"/staffing/people/{people['subject'].pk}/").content.decode()
    finally:
        panels._panels.remove(vehicle_panel)

    assert '<section aria-label="Current vehicle">' in page
    assert "<h2>Current vehicle</h2>" in page
