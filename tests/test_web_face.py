import pytest
from django.urls import reverse

from bpets.demo_population import DEMO_PASSWORD
from bpets.modules import installed_modules

MODULE_APPS = [
    "security",
    "staffing",
    "vehicles",
    "checkpoints",
    "scheduling",
    "timesheet",
    "operations_orders",
    "bsits",
    "reporting",
]


@pytest.mark.django_db
class TestLogin:
    def test_a_page_sends_a_stranger_to_the_login_page(self, client):
        response = client.get(reverse("security:organization"))

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/security/organization/"

    def test_a_wrong_password_keeps_the_username_and_says_why(self, client, demo):
        response = client.post(
            reverse("login"),
            {
                "username": "agent",
                "password": "not-the-password",
                "accept_notice": "on",
            },
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert 'value="agent"' in page
        assert "Please enter a correct username and password." in page
        assert "usa-alert--error" in page

    def test_a_missing_password_is_shown_next_to_its_field(self, client, demo):
        response = client.post(
            reverse("login"),
            {"username": "agent", "password": "", "accept_notice": "on"},
        )

        page = response.content.decode()
        assert 'value="agent"' in page
        assert (
            '<span class="usa-error-message" id="id_password_error" role="alert">'
            "This field is required.</span>"
        ) in page
        assert 'aria-describedby="id_password_error"' in page
        assert 'aria-invalid="true"' in page

    def test_the_agent_logs_in_and_out(self, client, demo):
        response = client.post(
            reverse("login"),
            {"username": "agent", "password": DEMO_PASSWORD, "accept_notice": "on"},
        )
        assert response["Location"] == reverse("home")

        home = client.get(reverse("home")).content.decode()
        assert "Alex Ocotillo" in home
        assert "For Official Use Only" in home

        response = client.post(reverse("logout"))
        assert response["Location"] == reverse("login")
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
class TestModules:
    def test_every_module_is_installed_and_in_the_navigation(self):
        assert [label for label, _ in installed_modules()] == MODULE_APPS

    @pytest.mark.parametrize("app", MODULE_APPS)
    def test_each_module_has_a_landing_page_saying_what_it_holds(
        self, agent_client, app
    ):
        from security import roles
        from security.models import OrganizationUnit, RoleGrant, User

        agent = User.objects.get(username="agent")
        first_role = next(role for role in roles.ROLES if role.module == app)
        RoleGrant.objects.create(
            user=agent,
            module=app,
            role=first_role.code,
            organization_unit=OrganizationUnit.objects.get(kind="HQ"),
            starts_on="2026-01-01",
            granted_by=agent,
            reason="test set-up",
        )

        response = agent_client.get(reverse(f"{app}:index"))

        assert response.status_code == 200
        page = response.content.decode()
        module = dict(installed_modules())[app]
        assert f"<h1>{module.title}</h1>" in page
        for item in module.holds:
            assert item.replace("'", "&#x27;") in page


@pytest.mark.django_db
class TestOrganizationPages:
    def test_the_tree_lists_every_sector_by_region(self, agent_client):
        response = agent_client.get(reverse("security:organization"))

        page = response.content.decode()
        southwest = page.index("<h2>Southwest border</h2>")
        northern = page.index("<h2>Northern border</h2>")
        coastal = page.index("<h2>Coastal border</h2>")
        assert southwest < northern < coastal
        assert page.count('data-label="Sector"') == 21
        assert "leads 20 active sectors on 3 borders" in page
        assert "with 135 stations and substations" in page

    def test_a_sector_page_lists_its_stations(self, agent_client):
        from security.models import OrganizationUnit

        tucson = OrganizationUnit.objects.get(kind="SECTOR", code="TCA")
        response = agent_client.get(
            reverse("security:organization-unit", args=[tucson.pk])
        )

        page = response.content.decode()
        assert "<h1>Tucson Sector</h1>" in page
        assert page.count('data-label="Station"') == 9
        assert "Three Points" in page
        assert "America/Phoenix" in page

    def test_a_station_page_shows_its_address_and_zone(self, agent_client):
        from security.models import OrganizationUnit

        ajo = OrganizationUnit.objects.get(kind="STATION", name="Ajo")
        response = agent_client.get(
            reverse("security:organization-unit", args=[ajo.pk])
        )

        page = response.content.decode()
        assert "<h1>Ajo Station</h1>" in page
        assert "850 North Highway 85, Why, AZ 85321-9634" in page
        assert "(520) 387-7002" in page

    def test_headquarters_leads_to_the_tree(self, agent_client):
        from security.models import OrganizationUnit

        headquarters = OrganizationUnit.objects.get(kind="HQ")
        response = agent_client.get(
            reverse("security:organization-unit", args=[headquarters.pk])
        )

        assert response["Location"] == reverse("security:organization")

    def test_an_unknown_unit_is_not_found(self, agent_client):
        response = agent_client.get(
            reverse("security:organization-unit", args=[999999])
        )

        assert response.status_code == 404


def test_the_health_page_needs_no_login(client, db):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_the_admin_login_is_ours_and_lockouts_are_not_in_the_admin(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    from axes.models import AccessAttempt
    from django.contrib import admin

    assert AccessAttempt not in admin.site._registry
