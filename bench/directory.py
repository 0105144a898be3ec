"""The staff directory over a nation of 20,000 employees.

.venv/bin/python bench/directory.py [--employees N] [--requests N]

Builds the employees over the real organization tree (synthetic names, a
chain of command of about one supervisor to eight agents, a special skill
for one in five), then serves the directory page for the searches people
make: part of a last name, a full name, a title, a sector, a skill. Each
figure is the median of the requests, timed through Django's test client
(the whole request: middleware, policy, audit, template), for the whole
page and for the results alone, which is what the page fetches as one
types. The target is 100 ms. It also prints the number of SQL queries of
each search, and the plans PostgreSQL chooses for a name search.
"""

import argparse
import random
import statistics
import time

import harness  # sets Django up: first of the project's imports

# isort: split

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from security import services
from security.models import OrganizationUnit
from staffing.models import Employee, EmployeeSkill, Skill, search_text

TARGET_MS = 100
# Made-up names, built from syllables; no real person's name is used.
SYLLABLE_TEXT = (
    "al ba ce da el fa go ha is jo ka lu ma ne or pa qui ro sa te ur va we xi ya "
    "zo bran del fen gar hol kin lor mar nor per quin ros sten tor vel"
)
SYLLABLES = SYLLABLE_TEXT.split()
TITLES = (
    "Border Patrol Agent",
    "Supervisory Border Patrol Agent",
    "Border Patrol Agent (Intelligence)",
    "Mission Support Specialist",
    "Law Enforcement Communications Assistant",
)


def made_up_name(chooser: random.Random, syllables: int) -> str:
    return "".join(chooser.choice(SYLLABLES) for _ in range(syllables)).title()


def build_nation(count: int) -> Employee:
    """``count`` employees over the stations; returns a second-line supervisor."""
    chooser = random.Random(20261204)  # noqa: S311 (names, not secrets)
    stations = list(OrganizationUnit.objects.filter(kind="STATION"))
    people = []
    for number in range(count):
        station = stations[number % len(stations)]
        first, last = made_up_name(chooser, 2), made_up_name(chooser, 3)
        people.append(
            Employee(
                first_name=first,
                last_name=last,
                search_name=search_text(first, last),
                job_title=TITLES[number % len(TITLES)],
                duty_station=station,
                work_street="1 Station Road",
                work_city=station.city or station.name,
                work_state=station.state or "AZ",
                work_zip="85621",
                work_phone=f"(520) 555-{number % 10000:04d}",
                mobile_phone=f"(520) 556-{number % 10000:04d}",
            )
        )
    Employee.objects.bulk_create(people, batch_size=2000)

    # One supervisor to about eight agents, in three levels.
    people = list(Employee.objects.order_by("pk"))
    for index, person in enumerate(people):
        if index >= 8:
            person.supervisor_id = people[index // 8].pk
    Employee.objects.bulk_update(people, ["supervisor"], batch_size=2000)

    skills = list(Skill.objects.all())
    EmployeeSkill.objects.bulk_create(
        [
            EmployeeSkill(employee=person, skill=skills[index % len(skills)])
            for index, person in enumerate(people)
            if index % 5 == 0
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return people[1]


def login_for(employee: Employee | None, username: str) -> Client:
    user = harness.make_user(username)
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    return client


def timed(client: Client, terms: dict, requests: int) -> tuple[float, float, int, int]:
    """Median milliseconds of the whole page and of the results alone (what
    the page asks for as one types), queries and people found."""
    partial = {"HX-Request": "true"}
    for _ in range(5):
        client.get("/staffing/directory/", terms)
    page_times, result_times = [], []
    for _ in range(requests):
        for headers, times in (({}, page_times), (partial, result_times)):
            start = time.perf_counter()
            response = client.get("/staffing/directory/", terms, headers=headers)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/staffing/directory/", terms)
    found = response.context["page"].paginator.count
    return (
        statistics.median(page_times) * 1000,
        statistics.median(result_times) * 1000,
        len(captured),
        found,
    )


def name_search_plans(fragment: str) -> str:
    """EXPLAIN ANALYZE of a name search's count and of its first page."""
    from staffing.directory import Criteria, matching

    people = matching(Criteria(name=fragment))
    plans = []
    for label, query in (
        ("count", people.values("pk").order_by()),
        ("first page", people.values("pk")[:25]),
    ):
        sql, params = query.query.sql_with_params()
        if label == "count":
            sql = f"SELECT COUNT(*) FROM ({sql}) AS matched"  # noqa: S608 (our own SQL)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            lines = "\n".join(row[0] for row in cursor.fetchall())
        plans.append(f"{label}:\n{lines}")
    return "\n\n".join(plans)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    arguments = parser.parse_args()

    with harness.scratch_database():
        services.load_organization()
        started = time.perf_counter()
        supervisor = build_nation(arguments.employees)
        built = time.perf_counter() - started
        someone = Employee.objects.order_by("pk")[arguments.employees // 2]
        tucson = OrganizationUnit.objects.get(kind="SECTOR", code="TCA")
        skill = Skill.objects.order_by("pk").first()
        searches = [
            ("part of a last name", {"name": someone.last_name[:4]}),
            ("a full name", {"name": f"{someone.first_name} {someone.last_name}"}),
            ("a title", {"title": "intelligence"}),
            ("a sector", {"sector": tucson.pk}),
            ("a skill", {"skill": skill.code}),
            ("a title in a sector", {"title": "supervisory", "sector": tucson.pk}),
        ]
        viewers = [
            ("a colleague", login_for(None, "bench-colleague")),
            ("a second-line supervisor", login_for(supervisor, "bench-supervisor")),
        ]

        print(f"{arguments.employees} employees built in {built:.1f} s\n")
        print(
            "| search | viewer | found | queries | page ms | results ms | target ms |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for label, terms in searches:
            for viewer, client in viewers:
                page, results, queries, found = timed(client, terms, arguments.requests)
                print(
                    f"| {label} | {viewer} | {found} | {queries} | {page:.1f} | "
                    f"{results:.1f} | {TARGET_MS} |"
                )
        print("\nPlans of a name search:\n")
        print(name_search_plans(someone.last_name[:4].lower()))


if __name__ == "__main__":
    main()
