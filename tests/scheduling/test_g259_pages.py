import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling import initialization, tasks
from scheduling.models import (
    CellStatus,
    InitializationRun,
    ScheduleCell,
)
from security.models import AuditEvent
from staffing.models import Employee
from tests.scheduling.conftest import assert_posts_plainly_at_its_own_address

WEDNESDAY = date(2026, 1, 14)
THURSDAY = date(2026, 1, 15)
HTMX = {"HTTP_HX_REQUEST": "true"}


def wednesday(people):
    return ScheduleCell.objects.get(row__employee=people["subject"], day=WEDNESDAY)


def token(cell):
    return f"{cell.pk}:{cell.version}"


@pytest.mark.django_db
class TestGrid:
    def test_the_supervisor_sees_each_day_in_local_time(
        self, client, schedule, supervisor
    ):
        client.force_login(supervisor)

        response = client.get(reverse("scheduling:g259", args=[schedule.pk]))

        assert response.status_code == 200
        page = response.content.decode()
        assert "Tester, Subject" in page
        # 06:00 to 16:00 at Nogales, ten times; four regular days off.
        assert page.count(">06–16</a>") == 10
        assert page.count(">RDO</a>") == 4
        assert "Select Wed 14 Jan, Tester, Subject" in page

    def test_the_query_count_does_not_grow_with_people(
        self,
        client,
        schedule,
        supervisor,
        units,
        templates,
        set_default,
        first_pay_period_2026,
    ):
        client.force_login(supervisor)
        url = reverse("scheduling:g259", args=[schedule.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as one_person:
            client.get(url)
        for number in range(5):
            newcomer = Employee.objects.create(
                first_name=f"New{number}",
                last_name="Agent",
                job_title="Agent",
                duty_station=units["nogales"],
                work_street="1 Road",
                work_city="Nogales",
                work_state="AZ",
                work_zip="85621",
            )
            set_default(newcomer, templates["mids"])
        run = initialization.start(first_pay_period_2026, [units["nogales"]])
        initialization.carry_out(InitializationRun.objects.get(pk=run.pk))

        with CaptureQueriesContext(connection) as six_people:
            response = client.get(url)

        assert response.content.decode().count('<th scope="row">Agent, New') == 5
        assert len(six_people) == len(one_person)

    def test_a_conflict_of_the_pay_period_marks_the_row_not_each_day(
        self, client, schedule, supervisor, people
    ):
        # Wednesday 20:00 to 02:00: six hours, so 96 in the pay period
        # against the 100 of level 1, and four hours' rest before Thursday
        # 06:00, where the station asks for eight.
        client.force_login(supervisor)
        response = client.post(
            reverse("scheduling:g259-cells", args=[schedule.pk]),
            {
                "status": "WORKDAY",
                "start_time": "20:00",
                "end_time": "02:00",
                "cells": [token(wednesday(people))],
            },
            **HTMX,
        )
        assert "1 cell changed." in response.content.decode()

        page = client.get(
            reverse("scheduling:g259", args=[schedule.pk])
        ).content.decode()
        row = re.search(
            r"<tr>\s*<th scope=\"row\"[^>]*>Tester, Subject.*?</tr>", page, re.S
        )
        heading, *cells = re.findall(r"<t[hd][ >].*?</t[hd]>", row.group(0), re.S)
        tour = (
            '<span class="bpets-g259__flag" title="96 hours scheduled in the pay '
            'period; Level 1 (100 hours a pay period) was elected.">!'
            '<span class="usa-sr-only"> 1 conflict</span></span>'
        )
        rest = (
            '<span class="bpets-g259__flag" title="4 hours of rest before the '
            'shift of Thu 15 Jan; the station asks for 8.">!'
            '<span class="usa-sr-only"> 1 conflict</span></span>'
        )

        assert heading.startswith('<th scope="row" class="bpets-cell--conflict">')
        assert f"Tester, Subject{tour}<br>" in heading
        flagged = [number for number, cell in enumerate(cells) if "!" in cell]
        assert flagged == [3, 4]  # Wednesday and Thursday, by the rest
        assert all(rest in cells[number] for number in flagged)
        assert page.count('class="bpets-g259__flag"') == 3

    def test_an_agent_and_another_stations_supervisor_are_refused(
        self, client, schedule, people, make_user, give
    ):
        elsewhere = make_user("ysletasupervisor", home="ysleta")
        give(elsewhere, "scheduling", "supervisor", "ysleta")
        url = reverse("scheduling:g259", args=[schedule.pk])

        # Out of reach is "not found", as a G-259 that does not exist.
        for outsider in (people["self"], elsewhere):
            client.force_login(outsider)
            assert client.get(url).status_code == 404
            assert (
                client.post(
                    reverse("scheduling:g259-cells", args=[schedule.pk]),
                    {"status": "DAY_OFF", "cells": [token(wednesday(people))]},
                ).status_code
                == 404
            )
            denials = AuditEvent.objects.filter(
                kind=AuditEvent.Kind.DENIED, actor_id=outsider.pk
            )
            assert denials.count() == 2

        assert wednesday(people).version == 1
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED, actor_id=elsewhere.pk
        ).exists()


@pytest.mark.django_db
class TestEditingInPlace:
    def test_a_selection_becomes_days_off_in_place(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cell = wednesday(people)

        response = client.post(
            reverse("scheduling:g259-cells", args=[schedule.pk]),
            {"status": "DAY_OFF", "cells": [token(cell)]},
            **HTMX,
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert page.startswith('<div id="g259-body">')
        assert "1 cell changed." in page
        assert "Week 1 has 4 workdays" in page
        assert wednesday(people).status == CellStatus.DAY_OFF

    def test_a_refused_selection_stays_ticked_with_its_error_shown_once(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cells = ScheduleCell.objects.filter(
            row__employee=people["subject"], day__in=[WEDNESDAY, THURSDAY]
        ).order_by("day")
        picked = [token(cell) for cell in cells]
        url = reverse("scheduling:g259-cells", args=[schedule.pk])

        for headers in ({}, HTMX):
            response = client.post(
                url,
                {
                    "status": "TRAINING",
                    "start_time": "08:00",
                    "remarks": "Firearms",
                    "cells": picked,
                },
                **headers,
            )

            assert response.status_code == 400
            page = response.content.decode()
            assert page.count("Give both the start and the end, or neither.") == 1
            assert "Not saved: correct what is marked." in page
            for ticked in picked:
                assert f'value="{ticked}" checked ' in page
            # The twelve other cells of the row are not ticked.
            assert page.count('class="bpets-g259__pick"') == 14
            assert page.count(" checked ") == 2
            assert 'value="Firearms"' in page
        assert [cell.version for cell in cells] == [1, 1]

        # The end typed, the same selection applies.
        response = client.post(
            url,
            {
                "status": "TRAINING",
                "start_time": "08:00",
                "end_time": "16:00",
                "cells": picked,
            },
            **HTMX,
        )
        assert "2 cells changed." in response.content.decode()
        assert " checked " not in response.content.decode()

    def test_a_stale_selection_unticks_the_cell_changed_since(
        self, client, schedule, supervisor, people
    ):
        # Its token is out of date: ticking it again is a decision made on
        # what it is now.
        client.force_login(supervisor)
        thursday = ScheduleCell.objects.get(
            row__employee=people["subject"], day=THURSDAY
        )
        opened = [token(wednesday(people)), token(thursday)]
        url = reverse("scheduling:g259-cells", args=[schedule.pk])
        client.post(url, {"status": "DAY_OFF", "cells": [opened[1]]}, **HTMX)

        response = client.post(url, {"status": "DAY_OFF", "cells": opened}, **HTMX)

        assert response.status_code == 409
        page = response.content.decode()
        assert f'value="{opened[0]}" checked ' in page
        thursday.refresh_from_db()
        assert f'value="{token(thursday)}" aria-label' in page
        assert page.count(" checked ") == 1

    def test_a_stale_edit_is_refused_with_the_current_value(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        opened = token(wednesday(people))
        url = reverse("scheduling:g259-cells", args=[schedule.pk])
        client.post(url, {"status": "DAY_OFF", "cells": [opened]}, **HTMX)

        response = client.post(
            url, {"status": "LEAVE", "leave_type": "ANNUAL", "cells": [opened]}, **HTMX
        )

        assert response.status_code == 409
        page = response.content.decode()
        assert "nothing was saved" in page
        assert "Now: Tester, Subject on Wed 14 Jan: Regular day off." in page
        assert wednesday(people).status == CellStatus.DAY_OFF

    def test_one_cell_from_its_editor_with_the_shift_typed(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cell = wednesday(people)
        url = reverse("scheduling:g259-cell", args=[schedule.pk, cell.pk])

        editor = client.get(url, **HTMX)
        assert 'value="06:00:00"' in editor.content.decode() or 'value="06:00"' in (
            editor.content.decode()
        )
        response = client.post(
            url,
            {
                "token": token(cell),
                "cell-status": "WORKDAY",
                "cell-start_time": "14:00",
                "cell-end_time": "00:00",
            },
        )

        assert response.status_code == 302
        assert wednesday(people).shift_end.hour == 7  # midnight in Arizona, in UTC

    def test_the_editor_saved_as_opened_is_accepted(
        self, client, schedule, supervisor, people, templates
    ):
        # The form refuses a template and typed times together: the editor
        # must not open with both filled in.
        client.force_login(supervisor)
        cell = wednesday(people)
        url = reverse("scheduling:g259-cell", args=[schedule.pk, cell.pk])
        form = client.get(url).context["form"]
        as_opened = {
            bound.html_name: bound.value() or ""
            for bound in form
            if bound.value() is not None
        }

        assert as_opened["cell-start_time"].strftime("%H:%M") == "06:00"
        assert as_opened["cell-end_time"].strftime("%H:%M") == "16:00"
        assert "cell-shift_template" not in as_opened
        unchanged = client.post(url, {"token": token(cell), **as_opened})
        assert unchanged.status_code == 302
        saved = wednesday(people)
        assert (saved.version, saved.shift_template_id) == (2, templates["days"].pk)
        off = client.post(
            url, {"token": token(saved), **as_opened, "cell-status": "DAY_OFF"}
        )
        assert off.status_code == 302
        assert wednesday(people).status == CellStatus.DAY_OFF

    def test_the_editor_at_its_own_address_posts_as_a_plain_form(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cell = wednesday(people)

        assert_posts_plainly_at_its_own_address(
            client,
            reverse("scheduling:g259-cell", args=[schedule.pk, cell.pk]),
            {"token": token(cell), "cell-status": "WORKDAY", "cell-start_time": "9"},
            "#g259-body",
        )

    def test_a_rejected_form_keeps_what_was_typed(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cell = wednesday(people)

        response = client.post(
            reverse("scheduling:g259-cell", args=[schedule.pk, cell.pk]),
            {
                "token": token(cell),
                "cell-status": "WORKDAY",
                "cell-start_time": "14:00",
                "cell-remarks": "Court at 9",
            },
        )

        assert response.status_code == 400
        page = response.content.decode()
        assert page.count("Give both the start and the end") == 1
        assert 'value="Court at 9"' in page
        assert wednesday(people).version == 1

    def test_a_malformed_time_is_named_once_not_as_missing(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        cell = wednesday(people)

        response = client.post(
            reverse("scheduling:g259-cell", args=[schedule.pk, cell.pk]),
            {
                "token": token(cell),
                "cell-status": "WORKDAY",
                "cell-start_time": "14:00",
                "cell-end_time": "25:00",
            },
        )

        assert response.status_code == 400
        assert response.context["form"].errors == {"end_time": ["Enter a valid time."]}
        assert wednesday(people).version == 1

    def test_an_override_from_the_conflict_list(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        client.post(
            reverse("scheduling:g259-cells", args=[schedule.pk]),
            {"status": "DAY_OFF", "cells": [token(wednesday(people))]},
        )

        response = client.post(
            reverse("scheduling:g259-override", args=[schedule.pk]),
            {
                "kind": "WORKWEEK",
                "key": f"{people['subject'].pk}:week1",
                "reason": "Trade with next week",
            },
            **HTMX,
        )

        assert "Overridden by" in response.content.decode()
        assert "Trade with next week" in response.content.decode()


@pytest.mark.django_db
class TestFinalizeAndPrint:
    def test_finalize_then_no_more_edits(self, client, schedule, supervisor, people):
        client.force_login(supervisor)

        response = client.post(reverse("scheduling:g259-finalize", args=[schedule.pk]))

        assert response.status_code == 302
        schedule.refresh_from_db()
        assert schedule.is_finalized
        page = client.get(
            reverse("scheduling:g259", args=[schedule.pk])
        ).content.decode()
        assert "Apply to the selected cells" not in page
        refused = client.post(
            reverse("scheduling:g259-cells", args=[schedule.pk]),
            {"status": "DAY_OFF", "cells": [token(wednesday(people))]},
        )
        assert refused.status_code == 400
        assert "finalized" in refused.content.decode()

    def test_the_printed_schedule_and_its_pdf_are_marked(
        self, client, schedule, supervisor
    ):
        client.force_login(supervisor)
        url = reverse("scheduling:g259-print", args=[schedule.pk])

        page = client.get(url)
        document = client.get(url, {"format": "pdf"})

        assert "For Official Use Only" in page.content.decode()
        assert "Tester, Subject" in page.content.decode()
        assert document["Content-Type"] == "application/pdf"
        assert document.content.startswith(b"%PDF")
        # Each copy of everyone's days (leave among them) is an export.
        exports = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.EXPORTED, actor_id=supervisor.pk
        ).order_by("pk")
        assert [event.details["format"] for event in exports] == ["html", "pdf"]
        assert {event.details["document"] for event in exports} == {"G-259"}

    def test_the_printed_schedule_says_when_on_the_readers_clock(
        self, client, schedule, supervisor
    ):
        from datetime import UTC, datetime

        from scheduling.models import Schedule

        # Finalized at 03:30 UTC on 12 January: 20:30 on the 11th in Arizona.
        Schedule.objects.filter(pk=schedule.pk).update(
            status=Schedule.Status.FINALIZED,
            finalized_at=datetime(2026, 1, 12, 3, 30, tzinfo=UTC),
            finalized_by=supervisor,
        )
        client.force_login(supervisor)

        page = client.get(reverse("scheduling:g259-print", args=[schedule.pk]))

        text = page.content.decode()
        assert ">2026-01-11 20:30 MST</time>." in text
        assert "Printed <time" in text
        assert f"by {supervisor.get_full_name()}." in text

    def test_the_changes_page_says_who_changed_what(
        self, client, schedule, supervisor, people
    ):
        client.force_login(supervisor)
        client.post(
            reverse("scheduling:g259-cells", args=[schedule.pk]),
            {"status": "DAY_OFF", "cells": [token(wednesday(people))]},
        )

        page = client.get(reverse("scheduling:g259-changes", args=[schedule.pk]))

        text = page.content.decode()
        assert "Tester, Subject, Wed 14 Jan" in text
        assert "Scheduled workday, 06–16" in text and "Regular day off" in text
        assert "Firstline Tester" in text


@pytest.mark.django_db
class TestStartingRuns:
    def test_a_scheduling_administrator_starts_one_station(
        self,
        client,
        units,
        people,
        templates,
        set_default,
        first_pay_period_2026,
        make_user,
        give,
        django_capture_on_commit_callbacks,
        monkeypatch,
    ):
        # The task itself, run here rather than by a worker.
        monkeypatch.setattr(
            tasks.initialize_schedules, "delay", tasks.initialize_schedules
        )
        set_default(people["subject"], templates["days"])
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")
        client.force_login(administrator)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("scheduling:g259-initialize"),
                {
                    "pay_period": first_pay_period_2026.pk,
                    "station": units["nogales"].pk,
                },
            )

        run = InitializationRun.objects.get()
        assert response.url == reverse("scheduling:g259-run", args=[run.pk])
        run.refresh_from_db()
        assert run.state == InitializationRun.State.FINISHED
        assert run.started_by == administrator and run.cells_created == 14
        page = client.get(response.url).content.decode()
        assert "1 of 1 stations done" in page
        assert "1 rows, 14 cells added" in page

    def test_a_supervisor_cannot_start_one(
        self, client, supervisor, first_pay_period_2026, units
    ):
        client.force_login(supervisor)

        response = client.post(
            reverse("scheduling:g259-initialize"),
            {"pay_period": first_pay_period_2026.pk, "station": units["nogales"].pk},
        )

        assert response.status_code == 403
        assert not InitializationRun.objects.exists()

    def test_the_recent_runs_listed_are_those_the_administrator_may_open(
        self, client, units, first_pay_period_2026, make_user, give
    ):
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")
        mine = initialization.start(first_pay_period_2026, [units["nogales"]])
        national = initialization.start(
            first_pay_period_2026, [units["nogales"], units["ajo"]]
        )
        client.force_login(administrator)

        page = client.get(reverse("scheduling:g259-schedules")).content.decode()

        assert reverse("scheduling:g259-run", args=[mine.pk]) in page
        assert reverse("scheduling:g259-run", args=[national.pk]) not in page
        assert (
            client.get(reverse("scheduling:g259-run", args=[national.pk])).status_code
            == 403
        )
