"""A report opens on the latest fiscal year the snapshot holds apprehensions
for, and says so: published statistics lag years behind today."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_form_says_which_years_the_snapshot_holds_and_why_it_opens_there(
    client, hq_analyst, import_file, snapshot_file
):
    # Apprehensions up to FY 2018; a later year holds the National Guard only.
    import_file(
        snapshot_file(
            "2017,,TCA,,,,apprehensions,900,people",
            "2018,,TCA,,,,apprehensions,1000,people",
            "2019,,TCA,,,,national_guard,120,troops",
        )
    )
    client.force_login(hq_analyst)

    response = client.get("/reporting/aor-summary/")

    form = response.context["form"]
    assert (form["first_year"].initial, form["last_year"].initial) == (2018, 2018)
    assert form.fields["last_year"].help_text == (
        "The snapshot holds FY 2017 to FY 2019; the report opens on FY 2018, the "
        "latest with apprehensions."
    )
    assert "the latest with apprehensions." in response.content.decode()
