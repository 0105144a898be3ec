import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security.models import AuditEvent
from staffing.models import Employee, EmployeeSkill, Skill
from tests.staffing.conftest import grant

URL = reverse("staffing:directory")


def colleague(units, first, last, *, station="nogales", supervisor=None, **fields):
    values = {
        "first_name": first,
        "last_name": last,
        "job_title": "Border Patrol Agent",
        "duty_station": units[station],
        "supervisor": supervisor,
        "work_street": "1 Station Road",
        "work_city": "Somewhere",
        "work_state": "AZ",
        "work_zip": "85621",
        "work_phone": "(520) 555-0100",
        **fields,
    }
    return Employee.objects.create(**values)


def names_found(response) -> list[str]:
    return [row.employee.full_name for row in response.context["page"]]


def search(client, user, **terms):
    client.force_login(user)
    return client.get(URL, terms)


@pytest.fixture
def colleagues(people, units):
    subject = people["subject"]
    subject.nickname = "Scout"
    subject.save()
    return {
        "pena": colleague(units, "Ana", "Peña", station="ysleta", job_title="Pilot"),
        "ortiz": colleague(
            units, "Luis", "Ortiz", station="ajo", job_title="Supervisory Agent"
        ),
        "gone": colleague(
            units,
            "Gone",
            "Away",
            status=Employee.Status.SEPARATED,
            separation_date="2026-01-01",
        ),
    }


@pytest.mark.django_db
class TestCriteria:
    def test_part_of_a_last_name(self, client, people, colleagues):
        response = search(client, people["peer"], name="orti")

        assert names_found(response) == ["Luis Ortiz"]

    def test_a_nickname(self, client, people, colleagues):
        response = search(client, people["peer"], name="scout")

        assert names_found(response) == ["Subject Tester"]

    def test_accents_and_case_do_not_matter(self, client, people, colleagues):
        assert names_found(search(client, people["peer"], name="PENA")) == ["Ana Peña"]
        assert names_found(search(client, people["peer"], name="peña")) == ["Ana Peña"]

    def test_every_word_must_match(self, client, people, colleagues):
        response = search(client, people["peer"], name="ana pena")
        assert names_found(response) == ["Ana Peña"]

        response = search(client, people["peer"], name="ana ortiz")
        assert names_found(response) == []

    def test_title(self, client, people, colleagues):
        response = search(client, people["peer"], title="supervisory")

        assert names_found(response) == ["Luis Ortiz"]

    def test_station(self, client, people, colleagues, units):
        response = search(client, people["peer"], station=units["ysleta"].pk)

        assert names_found(response) == ["Ana Peña"]

    def test_sector(self, client, people, colleagues, units):
        response = search(client, people["peer"], sector=units["tucson"].pk)

        # Everyone at Nogales and Ajo, by last name; the separated person
        # and El Paso Sector's pilot are not listed.
        assert names_found(response) == [
            "Luis Ortiz",
            "Firstline Tester",
            "Otherchain Tester",
            "Peer Tester",
            "Secondline Tester",
            "Subject Tester",
        ]

    def test_skill(self, client, people, colleagues):
        emt = Skill.objects.get(code="emt")
        EmployeeSkill.objects.create(employee=colleagues["ortiz"], skill=emt)

        response = search(client, people["peer"], skill="emt")

        assert names_found(response) == ["Luis Ortiz"]
        assert b"Emergency medical technician" in response.content

    def test_criteria_combine(self, client, people, colleagues, units):
        response = search(
            client, people["peer"], sector=units["tucson"].pk, title="supervisory"
        )

        assert names_found(response) == ["Luis Ortiz"]

    def test_separated_people_are_not_listed(self, client, people, colleagues):
        response = search(client, people["peer"], name="gone")

        assert names_found(response) == []
        assert b"0 people found" in response.content

    def test_nothing_to_search_by_lists_nobody(self, client, people, colleagues):
        response = search(client, people["peer"], name="  ")

        assert response.context["page"] is None
        assert b"Give at least one thing to search by." in response.content

    def test_a_station_outside_the_sector_is_refused_keeping_the_input(
        self, client, people, units
    ):
        response = search(
            client,
            people["peer"],
            name="tester",
            sector=units["el_paso"].pk,
            station=units["nogales"].pk,
        )

        assert response.context["page"] is None
        assert (
            "Nogales Station (Tucson Sector) is not in El Paso Sector."
            in response.context["form"].errors["station"]
        )
        assert b'value="tester"' in response.content

    def test_results_come_in_pages_of_25(self, client, people, units):
        for number in range(30):
            colleague(units, f"Paged{number:02d}", "Zulu")

        first = search(client, people["peer"], name="zulu")
        second = client.get(URL, {"name": "zulu", "page": 2})

        assert first.context["page"].paginator.count == 30
        assert len(names_found(first)) == 25
        assert names_found(second) == [f"Paged{n} Zulu" for n in range(25, 30)]

    def test_htmx_gets_the_results_alone(self, client, people, colleagues):
        client.force_login(people["peer"])
        response = client.get(URL, {"name": "orti"}, headers={"HX-Request": "true"})

        assert b"<html" not in response.content
        assert b"Ortiz" in response.content
        assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
class TestPrivacy:
    @pytest.fixture
    def hidden(self, people):
        """The subject's hidden fields all say a word nobody types by chance."""
        subject = people["subject"]
        subject.home_street = "1 Zanzibar Way"
        subject.home_city = "Zanzibar"
        subject.personal_email = "zanzibar@example.invalid"
        subject.medical_alerts = "Zanzibar fever"
        subject.doctor_name = "Dr Zanzibar"
        subject.save()
        return subject

    @pytest.mark.parametrize("criterion", ["name", "title"])
    def test_a_hidden_field_is_never_matched(self, client, people, hidden, criterion):
        # Not even by the person's own supervisor, who may see the fields:
        # the directory matches work information only.
        for viewer in ("peer", "first_line", "self"):
            response = search(client, people[viewer], **{criterion: "zanzibar"})

            assert names_found(response) == []

    def test_a_peer_sees_work_information_only(self, client, people):
        response = search(client, people["peer"], name="subject")

        assert names_found(response) == ["Subject Tester"]
        assert b"(520) 555-0100" not in response.content
        assert b"(520) 555-0112" not in response.content  # mobile, hidden
        assert b"(520) 555-0111" not in response.content  # home, hidden
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PERSONAL_DATA_SEARCHED
        ).exists()

    def test_the_chain_sees_personal_numbers_and_the_search_is_audited(
        self, client, people
    ):
        subject = people["subject"]

        response = search(client, people["first_line"], name="subject")

        assert b"Mobile phone: (520) 555-0112" in response.content
        assert b"Home phone: (520) 555-0111" in response.content
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_SEARCHED)
        assert event.actor_id == people["first_line"].pk
        assert event.details == {
            "terms": {"name": "subject"},
            "employees": {str(subject.pk): ["personal"]},
        }

    def test_a_number_the_person_shows_everyone_is_listed_and_audited(
        self, client, people
    ):
        subject = people["subject"]
        subject.shown_personal_fields = ["mobile_phone"]
        subject.save()

        response = search(client, people["peer"], name="subject")

        assert b"Mobile phone: (520) 555-0112" in response.content
        assert b"555-0111" not in response.content
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_SEARCHED)
        assert event.details["employees"] == {str(subject.pk): ["personal"]}

    def test_unlisted_numbers_stay_with_the_chain(self, client, people):
        subject = people["subject"]
        subject.shown_personal_fields = ["mobile_phone"]
        subject.phones_unlisted = True
        subject.save()

        peer_view = search(client, people["peer"], name="subject")
        chain_view = search(client, people["first_line"], name="subject")

        assert b"555-0112" not in peer_view.content
        assert b"Mobile phone: (520) 555-0112" in chain_view.content

    def test_personnel_see_no_personal_numbers(self, client, people, units):
        grant(people["peer"], "personnel", units["nogales"])

        response = search(client, people["peer"], name="subject")

        assert b"555-0112" not in response.content
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PERSONAL_DATA_SEARCHED
        ).exists()

    def test_finding_oneself_is_not_a_look(self, client, people):
        response = search(client, people["self"], name="subject")

        assert b"Mobile phone: (520) 555-0112" in response.content
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PERSONAL_DATA_SEARCHED
        ).exists()

    def test_the_person_sees_the_search_under_who_has_seen_me(self, client, people):
        search(client, people["first_line"], name="subject")

        client.force_login(people["self"])
        response = client.get(reverse("staffing:seen-by"))

        assert [event.actor_username for event in response.context["page"]] == [
            "firstline"
        ]
        assert b"a directory search" in response.content


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_people(client, people, units):
    """A page of results costs the same with 30 matching people as with 300,
    each with skills and a supervisor above them."""
    boss = people["subject"]
    emt = Skill.objects.get(code="emt")

    def add(count):
        for number in range(count):
            person = colleague(
                units,
                f"Many{number}",
                "Match",
                supervisor=boss,
                mobile_phone="(520) 555-0177",
            )
            EmployeeSkill.objects.create(employee=person, skill=emt)

    def queries():
        client.force_login(people["first_line"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"name": "match"})
        assert response.status_code == 200
        return len(captured)

    add(30)
    with_thirty = queries()
    add(270)
    with_three_hundred = queries()

    assert with_thirty == with_three_hundred


@pytest.mark.django_db
def test_the_profile_page_costs_the_same_with_ten_times_the_rows(client, people, units):
    """Skills, contacts and colleagues are read in a fixed number of queries."""
    from staffing.models import EmergencyContact

    subject = people["subject"]
    skills = list(Skill.objects.filter(takes_detail=False)[:30])
    url = reverse("staffing:profile", args=[subject.pk])

    def add(count):
        start = subject.skills.count()
        for number in range(start, start + count):
            EmployeeSkill.objects.create(employee=subject, skill=skills[number])
            EmergencyContact.objects.create(
                employee=subject,
                name=f"Contact {number}",
                relationship="Sibling",
                phone="(520) 555-0150",
            )
            colleague(units, f"Other{number}", "Person", supervisor=subject)

    def queries():
        client.force_login(people["first_line"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response

    add(3)
    with_three, _ = queries()
    add(27)
    with_thirty, response = queries()

    assert with_three == with_thirty
    assert b"Contact 29 (Sibling)" in response.content


@pytest.mark.django_db
def test_someone_holding_no_role_yet_finds_colleagues_from_the_staffing_page(
    client, people
):
    # A new record's login holds no role until its investigation is
    # recorded; its own profile and the directory are still for it.
    client.force_login(people["peer"])

    landing = client.get(reverse("staffing:index"))

    assert landing.status_code == 200
    assert reverse("staffing:directory").encode() in landing.content
