import base64
import re
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import IntegrityError

from security.models import AuditEvent, User
from staffing import imports, services
from staffing.imports import Problem
from staffing.models import Employee
from tests.staffing.conftest import grant

Kind = AuditEvent.Kind
ROOT = Path(__file__).resolve().parent.parent.parent

HEADER = (
    "username,first_name,last_name,job_title,sector,station,supervisor,"
    "work_street,work_city,work_state,work_zip,work_phone"
)
NOVA = (
    "nova.quail,Nova,Quail,Border Patrol Agent,TCA,Nogales,rio.wren,"
    "1 Station Road,Nogales,AZ,85621,(520) 555-0141"
)
# A supervisor named above, by Nova's row, before their own line.
RIO = (
    "rio.wren,Rio,Wren,Supervisory Border Patrol Agent,TCA,Nogales,firstline,"
    "1 Station Road,Nogales,az,85621-1234,"
)


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *lines, ""]).encode(encoding)


def problems(actor, content: bytes) -> list[Problem]:
    return imports.check(actor=actor, content=content).problems


@pytest.fixture
def administrator(audiences):
    """A staffing administrator at Nogales who is not personnel."""
    return audiences["staffing_administrator"]


@pytest.fixture
def personnel_administrator(audiences, make_user, units):
    """A staffing administrator at Nogales who is personnel over Tucson too."""
    user = make_user("hradmin")
    grant(user, "staffing_administrator", units["nogales"])
    grant(user, "personnel", units["tucson"])
    return user


@pytest.mark.django_db
class TestAValidFile:
    def test_it_creates_exactly_the_records_of_the_file(
        self, administrator, audiences, units
    ):
        first_line = Employee.objects.get(user=audiences["first_line"])
        employees_before = set(Employee.objects.values_list("pk", flat=True))

        outcome = imports.import_file(actor=administrator, content=csv_bytes(NOVA, RIO))

        new = Employee.objects.exclude(pk__in=employees_before)
        assert sorted(new.values_list("user__username", flat=True)) == [
            "nova.quail",
            "rio.wren",
        ]
        nova, rio = new.get(last_name="Quail"), new.get(last_name="Wren")
        assert (nova.first_name, nova.job_title, nova.work_phone) == (
            "Nova",
            "Border Patrol Agent",
            "(520) 555-0141",
        )
        assert nova.duty_station == units["nogales"]
        assert nova.supervisor == rio
        assert rio.supervisor == first_line
        assert (rio.work_state, rio.work_zip, rio.work_phone) == (
            "AZ",
            "85621-1234",
            "",
        )
        assert nova.employment_type == Employee.EmploymentType.EMPLOYEE
        assert nova.grade is None
        assert nova.user.home_unit == units["nogales"]
        assert not nova.user.has_usable_password()
        assert nova.history.get().history_user == administrator
        assert sorted(employee.pk for employee, _ in outcome.created) == sorted(
            [nova.pk, rio.pk]
        )
        assert all(
            path.startswith("/security/set-password/") for _, path in outcome.created
        )
        assert outcome.unchanged == 0

    def test_one_audit_event_names_the_counts_and_the_new_ids(self, administrator):
        outcome = imports.import_file(actor=administrator, content=csv_bytes(NOVA, RIO))

        event = AuditEvent.objects.get(source="staffing:import")
        rio = Employee.objects.get(user__username="rio.wren")
        nova = Employee.objects.get(user__username="nova.quail")
        assert event.kind == Kind.EMPLOYEES_IMPORTED
        assert event.actor_id == administrator.pk
        # The supervisor from the file is written first.
        assert event.details == {
            "rows": 2,
            "created": 2,
            "unchanged": 0,
            "employees": [rio.pk, nova.pk],
            "stations": [rio.duty_station_id],
        }
        assert [employee.pk for employee, _ in outcome.created] == [rio.pk, nova.pk]

    def test_the_same_file_imported_again_changes_nothing(self, administrator):
        content = csv_bytes(NOVA, RIO)
        imports.import_file(actor=administrator, content=content)
        employees = Employee.objects.count()
        users = User.objects.count()
        history = Employee.history.count()
        events = AuditEvent.objects.count()

        again = imports.import_file(actor=administrator, content=content)

        assert again.created == []
        assert again.unchanged == 2
        assert Employee.objects.count() == employees
        assert User.objects.count() == users
        assert Employee.history.count() == history
        assert AuditEvent.objects.count() == events

    def test_a_file_adding_to_one_imported_before_creates_only_the_new_rows(
        self, administrator
    ):
        imports.import_file(actor=administrator, content=csv_bytes(RIO))

        outcome = imports.import_file(actor=administrator, content=csv_bytes(NOVA, RIO))

        assert [employee.user.username for employee, _ in outcome.created] == [
            "nova.quail"
        ]
        assert outcome.unchanged == 1
        nova = Employee.objects.get(user__username="nova.quail")
        assert nova.supervisor.user.username == "rio.wren"

    def test_blank_lines_and_spaces_around_cells_are_ignored(self, administrator):
        content = csv_bytes(
            ",,,,,,,,,,,",
            " " + RIO.replace(",Rio,", ", Rio ,"),
            "",
            header=HEADER.replace("username", " Username "),
        )

        outcome = imports.import_file(actor=administrator, content=content)

        ((employee, _),) = outcome.created
        assert employee.first_name == "Rio"
        assert employee.user.username == "rio.wren"


@pytest.mark.django_db
class TestOneTransaction:
    def test_a_failure_on_a_later_row_takes_back_the_earlier_rows(self, administrator):
        from security import services as security_services
        from security.services.accounts import AccountRefused

        real_open_login = security_services.open_login

        def open_login(*, creator, **account):
            # As if someone had taken the username since the check.
            if account["username"] == "nova.quail":
                raise AccountRefused("The username is taken.")
            return real_open_login(creator=creator, **account)

        with (
            mock.patch.object(security_services, "open_login", open_login),
            pytest.raises(AccountRefused),
        ):
            imports.import_file(actor=administrator, content=csv_bytes(NOVA, RIO))

        assert not User.objects.filter(username="rio.wren").exists()
        assert not Employee.objects.filter(last_name="Wren").exists()
        assert not AuditEvent.objects.filter(source="staffing:import").exists()

    def test_the_one_record_service_also_refuses_placing_oneself_above(
        self, audiences, units
    ):
        second_line = audiences["second_line"]
        grant(second_line, "staffing_administrator", units["nogales"])
        first_line = Employee.objects.get(user=audiences["first_line"])

        with pytest.raises(services.ProfileChangeRefused) as refusal:
            services.create_employee(
                actor=second_line,
                username="rio.wren",
                fields={
                    "first_name": "Rio",
                    "last_name": "Wren",
                    "job_title": "Border Patrol Agent",
                    "duty_station": units["nogales"],
                    "supervisor": first_line,
                    "work_street": "1 Station Road",
                    "work_city": "Nogales",
                    "work_state": "AZ",
                    "work_zip": "85621",
                },
            )

        assert str(refusal.value) == (
            "You may not place yourself above someone in the chain of command."
        )
        assert not User.objects.filter(username="rio.wren").exists()


@pytest.mark.django_db
class TestARefusedFile:
    def test_one_bad_row_refuses_the_whole_file_naming_line_and_column(
        self, administrator
    ):
        bad_zip = NOVA.replace(",85621,", ",8562,")
        content = csv_bytes(RIO, bad_zip)
        users = User.objects.count()
        employees = Employee.objects.count()

        with pytest.raises(imports.ImportRefused) as refusal:
            imports.import_file(actor=administrator, content=content)

        assert refusal.value.report.problems == [
            Problem(3, "work_zip", "Enter a ZIP code as 85621 or 85621-1234.")
        ]
        assert User.objects.count() == users
        assert Employee.objects.count() == employees
        assert not AuditEvent.objects.filter(kind=Kind.ACCOUNT_CREATED).exists()

    def test_every_problem_of_the_file_is_reported_in_line_order(self, administrator):
        content = csv_bytes(
            NOVA.replace("(520) 555-0141", "555-0141"),
            RIO.replace(",Rio,", ",,").replace(",az,", ",ZZ,"),
        )

        assert problems(administrator, content) == [
            Problem(
                2,
                "work_phone",
                "Enter a phone number as (520) 555-0100, with an extension as x123.",
            ),
            Problem(3, "first_name", "Required: the cell is empty."),
            Problem(3, "work_state", "Value 'ZZ' is not a valid choice."),
        ]

    def test_a_line_with_too_many_cells(self, administrator):
        content = csv_bytes(RIO + ",extra")

        assert problems(administrator, content) == [
            Problem(2, "", "The line has 13 cells; the header names 12 columns.")
        ]

    def test_a_line_is_counted_across_a_quoted_cell_holding_a_line_break(
        self, administrator
    ):
        street = RIO.replace("1 Station Road", '"1 Station Road\nGate 2"')
        content = csv_bytes(street, NOVA.replace(",85621,", ",856,"))

        assert problems(administrator, content) == [
            Problem(4, "work_zip", "Enter a ZIP code as 85621 or 85621-1234.")
        ]

    def test_an_unclosed_quote(self, administrator):
        content = csv_bytes(RIO, 'nova.quail,"Nova,Quail')

        assert problems(administrator, content) == [
            Problem(3, "", "A quoted cell is not closed, or a quote is stray.")
        ]

    def test_a_file_with_more_people_than_one_import_takes(self, administrator):
        lines = [RIO.replace("rio.wren", f"agent{n}") for n in range(501)]

        assert problems(administrator, csv_bytes(*lines)) == [
            Problem(
                502,
                "",
                "A file holds at most 500 people: split it into smaller files (a "
                "supervisor may be in an earlier one).",
            )
        ]

    def test_a_header_without_rows(self, administrator):
        assert problems(administrator, csv_bytes()) == [
            Problem(2, "", "The file names no one: it has a header and no rows.")
        ]


@pytest.mark.django_db
class TestTheHeader:
    def test_a_missing_required_column(self, administrator):
        header = HEADER.replace("work_city,", "")
        line = RIO.replace("Nogales,az", "az")

        assert problems(administrator, csv_bytes(line, header=header)) == [
            Problem(1, "work_city", "This required column is missing.")
        ]

    def test_an_unknown_column_and_a_column_twice(self, administrator):
        header = HEADER + ",favourite_color,work_phone"

        assert problems(administrator, csv_bytes(RIO + ",blue,", header=header)) == [
            Problem(
                1,
                "favourite_color",
                "Unknown column: the import page lists the columns it takes.",
            ),
            Problem(
                1,
                "work_phone",
                "The column appears twice (columns 12 and 14).",
            ),
        ]

    def test_columns_of_other_groups_are_not_imported(self, administrator):
        header = HEADER + ",home_phone,hash_id,assigned_canine"

        assert problems(administrator, csv_bytes(RIO + ",,,", header=header)) == [
            Problem(
                1,
                "home_phone",
                "Not imported: personal information is entered on the profile by "
                "the person or their supervisors.",
            ),
            Problem(
                1,
                "hash_id",
                "Not imported: identity information is entered on the profile by "
                "personnel.",
            ),
            Problem(
                1,
                "assigned_canine",
                "Not imported: assigned_canine is set on the profile.",
            ),
        ]

    def test_a_file_separated_by_semicolons(self, administrator):
        content = csv_bytes(RIO.replace(",", ";"), header=HEADER.replace(",", ";"))

        assert problems(administrator, content) == [
            Problem(
                1,
                "",
                "The columns are not separated by commas: save as CSV (comma).",
            )
        ]

    def test_a_column_without_a_name(self, administrator):
        content = csv_bytes(RIO + ",x", header=HEADER + ",")

        assert problems(administrator, content) == [
            Problem(1, "column 13", "This column has no name.")
        ]


@pytest.mark.django_db
class TestEncodings:
    def test_a_utf8_file_with_a_byte_order_mark(self, administrator):
        line = RIO.replace("Rio,Wren", "Rocío,Peña")
        content = b"\xef\xbb\xbf" + csv_bytes(line)

        report = imports.check(actor=administrator, content=content)
        outcome = imports.import_file(actor=administrator, content=content)

        assert report.encoding == "UTF-8 (with BOM)"
        ((employee, _),) = outcome.created
        assert (employee.first_name, employee.last_name) == ("Rocío", "Peña")

    def test_a_windows_1252_file(self, administrator):
        line = RIO.replace("Rio,Wren", "Rocío,Peña")
        content = csv_bytes(line, encoding="cp1252")
        assert "Peña".encode("cp1252") in content  # not UTF-8: ñ is one byte

        report = imports.check(actor=administrator, content=content)
        outcome = imports.import_file(actor=administrator, content=content)

        assert report.encoding == "Windows-1252"
        ((employee, _),) = outcome.created
        assert (employee.first_name, employee.last_name) == ("Rocío", "Peña")

    def test_a_plain_utf8_file(self, administrator):
        content = csv_bytes(RIO.replace("Rio,Wren", "Rocío,Peña"))

        report = imports.check(actor=administrator, content=content)

        assert report.encoding == "UTF-8"
        assert report.problems == []
        assert report.rows[0].values["last_name"] == "Peña"

    def test_a_byte_neither_encoding_has_is_reported_on_its_line(self, administrator):
        # 0x81 is not UTF-8 on its own, and Windows-1252 leaves it undefined.
        content = csv_bytes(RIO, NOVA).replace(b"Quail", b"Qu\x81il")

        assert problems(administrator, content) == [
            Problem(
                3,
                "",
                "Byte 0x81 is neither UTF-8 nor Windows-1252: save the file as CSV "
                "(UTF-8) and try again.",
            )
        ]

    def test_a_utf16_file_is_refused_with_what_to_do(self, administrator):
        content = csv_bytes(RIO, encoding="utf-16")

        assert problems(administrator, content) == [
            Problem(1, "", "The file is UTF-16; save it as CSV (UTF-8) and try again.")
        ]


@pytest.mark.django_db
class TestLookUps:
    def test_an_unknown_sector_and_an_unknown_station(self, administrator):
        content = csv_bytes(
            RIO.replace(",TCA,", ",XYZ,"), NOVA.replace(",Nogales,rio", ",Nogalez,rio")
        )

        assert problems(administrator, content) == [
            Problem(2, "sector", "No sector has the code XYZ."),
            Problem(3, "station", "TCA Sector has no station Nogalez."),
        ]

    def test_the_sector_code_and_station_name_are_read_in_any_case(
        self, administrator, units
    ):
        content = csv_bytes(RIO.replace(",TCA,Nogales,", ",tca,NOGALES,"))

        report = imports.check(actor=administrator, content=content)

        assert report.problems == []
        assert report.rows[0].station == units["nogales"]

    def test_a_station_outside_the_administrators_scope(self, administrator):
        content = csv_bytes(RIO.replace(",TCA,Nogales,", ",TCA,Ajo,"))

        assert problems(administrator, content) == [
            Problem(
                2,
                "station",
                "You are not a staffing administrator over Ajo Station "
                "(Tucson Sector).",
            )
        ]

    def test_an_unknown_supervisor(self, administrator):
        content = csv_bytes(RIO.replace(",firstline,", ",nobody.here,"))

        assert problems(administrator, content) == [
            Problem(
                2,
                "supervisor",
                "nobody.here is neither an active employee nor in the file.",
            )
        ]

    def test_a_supervisor_outside_the_administrators_stations(
        self, administrator, make_user, units
    ):
        user = make_user("farboss", home="ysleta")
        Employee.objects.create(
            user=user,
            first_name="Far",
            last_name="Boss",
            job_title="Patrol Agent in Charge",
            duty_station=units["ysleta"],
            work_street="1 Road",
            work_city="El Paso",
            work_state="TX",
            work_zip="79907",
        )
        content = csv_bytes(RIO.replace(",firstline,", ",farboss,"))

        assert problems(administrator, content) == [
            Problem(
                2,
                "supervisor",
                "farboss works at Ysleta Station (El Paso Sector), outside the "
                "stations where you are a staffing administrator.",
            )
        ]

    def test_supervisors_of_the_file_that_form_a_loop(self, administrator):
        content = csv_bytes(
            NOVA,
            RIO.replace(",firstline,", ",nova.quail,"),
            RIO.replace("rio.wren,", "own.boss,").replace(",firstline,", ",own.boss,"),
        )

        assert problems(administrator, content) == [
            Problem(2, "supervisor", "The supervisors on lines 2, 3 form a loop."),
            Problem(3, "supervisor", "The supervisors on lines 2, 3 form a loop."),
            Problem(4, "supervisor", "Nobody is their own supervisor."),
        ]

    def test_nobody_places_themselves_above_someone_by_an_import(
        self, audiences, units
    ):
        # The second-line supervisor is above first-line: a new record under
        # first-line would put them above the new person.
        second_line = audiences["second_line"]
        grant(second_line, "staffing_administrator", units["nogales"])

        assert problems(second_line, csv_bytes(RIO)) == [
            Problem(
                2,
                "supervisor",
                "You may not place yourself above someone in the chain of command.",
            )
        ]
        with pytest.raises(imports.ImportRefused):
            imports.import_file(actor=second_line, content=csv_bytes(RIO))
        assert not User.objects.filter(username="rio.wren").exists()


@pytest.mark.django_db
class TestDuplicates:
    def test_a_username_twice_in_the_file(self, administrator):
        content = csv_bytes(RIO, NOVA, RIO.replace(",Rio,", ",Ria,"))

        assert problems(administrator, content) == [
            Problem(4, "username", "rio.wren is also on line 2.")
        ]

    def test_a_username_of_a_login_without_a_record(self, administrator, make_user):
        make_user("rio.wren")

        assert problems(administrator, csv_bytes(RIO)) == [
            Problem(2, "username", "rio.wren is a login without a record.")
        ]

    def test_an_existing_record_that_differs_is_a_problem_and_is_not_changed(
        self, administrator
    ):
        imports.import_file(actor=administrator, content=csv_bytes(RIO))
        changed = RIO.replace("Supervisory Border Patrol Agent", "Watch Commander")

        with pytest.raises(imports.ImportRefused) as refusal:
            imports.import_file(actor=administrator, content=csv_bytes(NOVA, changed))

        assert refusal.value.report.problems == [
            Problem(
                3,
                "job_title",
                "rio.wren already has a record with another job_title; an import "
                "creates records and never changes them.",
            )
        ]
        rio = Employee.objects.get(user__username="rio.wren")
        assert rio.job_title == "Supervisory Border Patrol Agent"
        assert not User.objects.filter(username="nova.quail").exists()

    def test_an_existing_record_at_another_station_says_only_that(
        self, audiences, make_user, units
    ):
        # A staffing administrator over the whole sector.
        user = make_user("sectorhr")
        grant(user, "staffing_administrator", units["tucson"])
        content = csv_bytes(
            "subject,Subject,Tester,Border Patrol Agent,TCA,Ajo,,"
            "1 Station Road,Nogales,AZ,85621,"
        )

        assert problems(user, content) == [
            Problem(
                2,
                "station",
                "subject already has a record at Nogales Station (Tucson Sector); "
                "an import does not move people (personnel do, on the profile).",
            )
        ]

    def test_an_existing_record_matching_the_cells_given_is_unchanged(
        self, administrator, audiences
    ):
        # The fixture's subject: only the cells the row fills are compared.
        content = csv_bytes(
            "subject,Subject,Tester,Border Patrol Agent,TCA,Nogales,firstline,"
            "1 Station Road,Nogales,AZ,85621,"
        )

        report = imports.check(actor=administrator, content=content)

        assert report.problems == []
        assert [row.username for row in report.unchanged] == ["subject"]
        assert report.to_create == []

    def test_a_separated_person(self, administrator, audiences):
        subject = Employee.objects.get(user=audiences["self"])
        subject.status = Employee.Status.SEPARATED
        subject.separation_date = date(2026, 3, 1)
        subject.save()
        content = csv_bytes(
            "subject,Subject,Tester,Border Patrol Agent,TCA,Nogales,,"
            "1 Station Road,Nogales,AZ,85621,"
        )

        assert problems(administrator, content) == [
            Problem(2, "username", "subject has separated.")
        ]


HR_HEADER = HEADER + ",employment_type,entered_on_duty_date,pay_plan,grade,step"


@pytest.mark.django_db
class TestHrColumns:
    def test_they_are_refused_from_an_administrator_who_is_not_personnel(
        self, administrator
    ):
        content = csv_bytes(RIO + ",contractor,2024-03-01,GS,12,", header=HR_HEADER)

        assert problems(administrator, content) == [
            Problem(
                1,
                "employment_type, entered_on_duty_date, pay_plan, grade",
                "HR columns are accepted only from personnel over every station in "
                "the file, and you are not personnel over Nogales Station (Tucson "
                "Sector). Leave these columns out, or ask personnel to import the "
                "file.",
            )
        ]

    def test_an_existing_records_hr_values_are_not_compared_for_others(
        self, administrator
    ):
        # The subject's grade is 12: saying so, or not, must not show.
        content = csv_bytes(
            "subject,Subject,Tester,Border Patrol Agent,TCA,Nogales,firstline,"
            "1 Station Road,Nogales,AZ,85621,,,,,11,",
            header=HR_HEADER,
        )

        assert problems(administrator, content) == [
            Problem(
                1,
                "grade",
                "HR columns are accepted only from personnel over every station in "
                "the file, and you are not personnel over Nogales Station (Tucson "
                "Sector). Leave these columns out, or ask personnel to import the "
                "file.",
            )
        ]

    def test_empty_hr_columns_are_no_problem(self, administrator):
        content = csv_bytes(RIO + ",,,,,", header=HR_HEADER)

        assert problems(administrator, content) == []

    def test_they_are_accepted_from_personnel_over_the_station(
        self, personnel_administrator
    ):
        content = csv_bytes(RIO + ",Contractor,2024-03-01,GS,12,3", header=HR_HEADER)

        outcome = imports.import_file(actor=personnel_administrator, content=content)

        ((employee, _),) = outcome.created
        assert employee.employment_type == Employee.EmploymentType.CONTRACTOR
        assert employee.entered_on_duty_date == date(2024, 3, 1)
        assert (employee.pay_plan, employee.grade, employee.step) == ("GS", 12, 3)

    def test_a_bad_date_and_numbers_out_of_range(self, personnel_administrator):
        content = csv_bytes(
            RIO + ",EMPLOYEE,03/01/2024,GS,16,0",
            NOVA + ",EMPLOYEE,2024-02-30,GS,twelve,",
            header=HR_HEADER,
        )

        assert problems(personnel_administrator, content) == [
            Problem(
                2,
                "entered_on_duty_date",
                "“03/01/2024” value has an invalid date format. It must be in "
                "YYYY-MM-DD format.",
            ),
            Problem(2, "grade", "A grade is from 1 to 15."),
            Problem(2, "step", "A step is from 1 to 10."),
            Problem(
                3,
                "entered_on_duty_date",
                "“2024-02-30” value has the correct format (YYYY-MM-DD) but it is "
                "an invalid date.",
            ),
            Problem(3, "grade", "“twelve” value must be an integer."),
        ]


@pytest.mark.django_db
class TestTheExample:
    def test_the_example_file_imports_cleanly_at_the_demo_station(self, demo):
        administrator = User.objects.get(username="access-admin")
        content = (ROOT / "staffing" / "import_example.csv").read_bytes()

        outcome = imports.import_file(actor=administrator, content=content)

        created = {employee.user.username: employee for employee, _ in outcome.created}
        assert sorted(created) == ["eli.datura", "ines.nolina", "wren.penstemon"]
        assert created["ines.nolina"].first_name == "Inés"
        assert created["ines.nolina"].supervisor.user.username == "dana.saguaro"
        assert created["eli.datura"].supervisor == created["ines.nolina"]

    def test_the_readme_shows_the_example_file(self):
        readme = (ROOT / "README.md").read_text()
        example = (ROOT / "staffing" / "import_example.csv").read_text()

        blocks = re.findall(r"```csv\n(.*?)```", readme, flags=re.DOTALL)

        assert example in blocks


def upload(client, content: bytes, name="people.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/staffing/people/import/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.mark.django_db
class TestThePages:
    def test_the_landing_page_links_the_import_for_staffing_administrators(
        self, administrator, client
    ):
        client.force_login(administrator)

        page = client.get("/staffing/").content.decode()

        assert 'href="/staffing/people/import/"' in page

    def test_a_bad_file_shows_the_problems_by_line_and_column(
        self, administrator, client
    ):
        client.force_login(administrator)
        users = User.objects.count()

        response = upload(client, csv_bytes(RIO, NOVA.replace(",85621,", ",8562,")))

        page = response.content.decode()
        assert response.status_code == 400
        assert "The file was refused: nothing was written" in page
        assert re.search(
            r'<th scope="row" data-label="Line">3</th>\s*'
            r'<td data-label="Column"><code>work_zip</code></td>\s*'
            r'<td data-label="Problem">Enter a ZIP code as 85621 or 85621-1234.</td>',
            page,
        )
        assert 'type="file" name="file"' in page
        assert User.objects.count() == users

    def test_a_good_file_is_shown_then_written_on_confirmation(
        self, administrator, client
    ):
        client.force_login(administrator)
        content = csv_bytes(NOVA, RIO)

        preview = upload(client, content)

        page = preview.content.decode()
        assert preview.status_code == 200
        assert "2 new records, 0 already on record" in page
        assert not User.objects.filter(username__in=["nova.quail", "rio.wren"]).exists()
        hidden = re.search(r'name="content" value="([^"]+)"', page).group(1)
        assert base64.b64decode(hidden) == content

        done = client.post("/staffing/people/import/confirm/", {"content": hidden})

        page = done.content.decode()
        assert done.status_code == 200
        assert done["Cache-Control"] == "no-store"
        assert "2 records imported" in page
        assert (
            len(re.findall(r"<code>http://testserver/security/set-password/", page))
            == 2
        )
        assert User.objects.filter(username__in=["nova.quail", "rio.wren"]).count() == 2

    def test_a_file_already_imported_offers_nothing_to_confirm(
        self, administrator, client
    ):
        client.force_login(administrator)
        imports.import_file(actor=administrator, content=csv_bytes(RIO))

        page = upload(client, csv_bytes(RIO)).content.decode()

        assert "importing it would change nothing" in page
        assert 'name="content"' not in page

    def test_a_confirmation_is_checked_again(self, administrator, client, make_user):
        client.force_login(administrator)
        content = csv_bytes(NOVA, RIO)
        make_user("rio.wren")  # taken between the check and the confirmation

        response = client.post(
            "/staffing/people/import/confirm/",
            {"content": base64.b64encode(content).decode()},
        )

        page = response.content.decode()
        assert response.status_code == 400
        assert "rio.wren is a login without a record." in page
        assert not User.objects.filter(username="nova.quail").exists()

    def test_a_record_created_meanwhile_by_someone_else(self, administrator, client):
        client.force_login(administrator)
        content = base64.b64encode(csv_bytes(RIO)).decode()

        with mock.patch.object(services, "create_employee", side_effect=IntegrityError):
            response = client.post(
                "/staffing/people/import/confirm/", {"content": content}
            )

        assert response.status_code == 400
        assert (
            "Nothing was imported: someone created one of these records at the "
            "same time. Check the file again." in response.content.decode()
        )

    def test_a_confirmation_that_is_not_a_file(self, administrator, client):
        client.force_login(administrator)

        response = client.post(
            "/staffing/people/import/confirm/", {"content": "not base64!"}
        )

        assert response.status_code == 400
        assert "The file was not sent back whole; upload it again." in (
            response.content.decode()
        )

    def test_a_file_over_the_limit_is_refused(self, administrator, client):
        client.force_login(administrator)
        content = csv_bytes(*[RIO] * 11_000)
        assert len(content) > 1024 * 1024

        response = upload(client, content)

        assert response.status_code == 400
        assert (
            "The file is larger than 1.0\xa0MB: split it into smaller files."
            in response.content.decode()
        )

    def test_a_file_too_large_for_memory_never_reaches_the_disk(
        self, administrator, client, settings
    ):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024
        client.force_login(administrator)
        content = csv_bytes(*[RIO] * 300)
        assert len(content) > 20 * 1024

        with mock.patch.object(
            TemporaryFileUploadHandler, "new_file", side_effect=AssertionError
        ):
            response = upload(client, content)

        assert response.status_code == 400
        assert (
            "The file is larger than 20.0\xa0KB: split it into smaller files."
            in response.content.decode()
        )
        assert not User.objects.filter(username="rio.wren").exists()

    def test_no_file_chosen(self, administrator, client):
        client.force_login(administrator)

        response = client.post("/staffing/people/import/", {})

        assert response.status_code == 400
        assert 'id="id_file_error"' in response.content.decode()

    def test_the_example_file_can_be_downloaded(self, administrator, client):
        client.force_login(administrator)

        response = client.get("/staffing/people/import/example.csv")

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response.content == (ROOT / "staffing" / "import_example.csv").read_bytes()
        )

    @pytest.mark.parametrize(
        "url", ["/staffing/people/import/", "/staffing/people/import/example.csv"]
    )
    def test_others_may_not_import(self, audiences, client, url):
        client.force_login(audiences["personnel_here"])

        assert client.get(url).status_code == 403
        assert (
            client.post(
                "/staffing/people/import/confirm/",
                {"content": base64.b64encode(csv_bytes(RIO)).decode()},
            ).status_code
            == 403
        )
        assert not User.objects.filter(username="rio.wren").exists()
