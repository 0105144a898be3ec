"""Who is detailed into and out of a station, and where a person works on
a day: the reads the G-481 and the timesheet will use."""

from datetime import date

from scheduling import detail_selectors, details

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


def test_into_and_out_of_a_station(units, people, detail_of, supervisor):
    detail = detail_of(people["subject"])
    # A proposed detail of another person moves nobody yet.
    details.propose(
        actor=supervisor,
        employee=people["peer"].employee,
        gaining_station=units["ajo"],
        first_day=date(2026, 1, 12),
        last_day=date(2026, 1, 13),
        purpose="Relief",
    )

    assert list(detail_selectors.detailed_into(units["ajo"], *JANUARY)) == [detail]
    assert list(detail_selectors.detailed_out_of(units["nogales"], *JANUARY)) == [
        detail
    ]
    assert not detail_selectors.detailed_into(units["nogales"], *JANUARY).exists()
    assert not detail_selectors.detailed_out_of(units["ajo"], *JANUARY).exists()
    # Ranges meet on a single day either end.
    assert detail_selectors.detailed_into(
        units["ajo"], date(2026, 1, 20), date(2026, 1, 24)
    ).exists()
    assert not detail_selectors.detailed_into(
        units["ajo"], date(2026, 1, 21), date(2026, 1, 24)
    ).exists()


def test_the_duty_station_of_a_person_on_a_day(units, people, detail_of, supervisor):
    subject = people["subject"]
    detail = detail_of(subject)
    where = {
        day: detail_selectors.duty_station_on(subject, date(2026, 1, day)).name
        for day in (16, 17, 20, 21)
    }
    assert where == {16: "Nogales", 17: "Ajo", 20: "Ajo", 21: "Nogales"}

    details.cancel(actor=supervisor, detail=detail, reason="Called off")
    assert detail_selectors.duty_station_on(subject, date(2026, 1, 18)).name == (
        "Nogales"
    )
