"""The admin: superusers and module administrators only, the privacy policy
on employees, and an audit event for every change made in it."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from security import policies, roles
from security.admin_site import AuditedAdminMixin
from security.models import AuditEvent
from staffing.models import Skill

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


@pytest.fixture
def staffing_administrator(make_user, give):
    administrator = make_user("staffadmin")
    give(administrator, "staffing", "staffing_administrator", "nogales")
    return administrator


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_superuser=True, is_staff=True)


class TestWhoGetsIn:
    def test_module_administrators_are_the_administrator_roles(self):
        keys = {role.key for role in roles.module_administrator_roles()}

        assert keys == {
            "security.access_administrator",
            "security.records_administrator",
            "staffing.staffing_administrator",
            "scheduling.scheduling_administrator",
            "vehicles.vehicle_administrator",
            "checkpoints.checkpoint_administrator",
        }

    def test_a_stranger_is_sent_to_the_login_page(self, client):
        response = client.get("/admin/", follow=True)

        assert response.redirect_chain == [
            ("/admin/login/?next=/admin/", 302),
            ("/accounts/login/?next=%2Fadmin%2F", 302),
        ]
        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("module", "role"),
        [
            ("staffing", "self_service"),
            ("staffing", "supervisor"),
            ("staffing", "personnel"),
            ("security", "security_auditor"),
            ("reporting", "analyst"),
        ],
    )
    def test_other_roles_are_refused_and_the_attempt_audited(
        self, client, make_user, give, module, role
    ):
        user = make_user("holder")
        give(user, module, role, "nogales")
        client.force_login(user)

        response = client.get("/admin/")

        assert response.status_code == 403
        denial = AuditEvent.objects.get(kind=Kind.DENIED)
        assert denial.actor_id == user.pk
        assert denial.details == {"path": "/admin/", "method": "GET"}

    def test_a_staff_flag_alone_opens_nothing(self, client, make_user):
        client.force_login(make_user("staffer", is_staff=True))

        assert client.get("/admin/").status_code == 403

    @pytest.mark.parametrize(
        ("module", "role"),
        [
            ("staffing", "staffing_administrator"),
            ("security", "access_administrator"),
            ("vehicles", "vehicle_administrator"),
        ],
    )
    def test_module_administrators_get_in(self, client, make_user, give, module, role):
        user = make_user("keeper")
        give(user, module, role, "nogales")
        client.force_login(user)

        assert policies.is_module_administrator(user)
        assert client.get("/admin/").status_code == 200

    def test_a_superuser_gets_in(self, client, superuser):
        client.force_login(superuser)

        assert client.get("/admin/").status_code == 200

    def test_each_administrator_sees_their_own_module_only(
        self, client, make_user, give
    ):
        user = make_user("fleet")
        give(user, "vehicles", "vehicle_administrator", "nogales")
        client.force_login(user)

        skills = client.get(reverse("admin:staffing_skill_changelist"))
        tree = client.get(reverse("admin:security_organizationunit_changelist"))

        assert skills.status_code == 403
        assert tree.status_code == 200


class TestNoPersonalInformation:
    """Employees stay out of the admin (see staffing/admin.py): it holds the
    reference data only, and no model with a person's fields."""

    PERSONAL = {
        "security.User",
        "security.AuditEvent",
        "staffing.Employee",
        "staffing.EmergencyContact",
        "staffing.EmployeeSkill",
        "staffing.QualityStepIncrease",
        "staffing.CorrectionRequest",
    }

    def test_no_model_with_peoples_information_is_in_the_admin(self):
        registered = {model._meta.label for model in admin.site._registry}

        assert {"security.OrganizationUnit", "staffing.Skill"} <= registered
        assert registered & self.PERSONAL == set()

    def test_an_employee_address_in_the_admin_is_not_found(
        self, client, superuser, people
    ):
        client.force_login(superuser)

        response = client.get(
            f"/admin/staffing/employee/{people['subject'].pk}/change/"
        )

        assert response.status_code == 404


class TestChangesAreAudited:
    def events(self):
        return AuditEvent.objects.filter(kind=Kind.ADMIN_CHANGED, source="admin")

    def test_an_addition_names_the_object(self, client, staffing_administrator):
        client.force_login(staffing_administrator)

        response = client.post(
            reverse("admin:staffing_skill_add"),
            {"code": "tracking", "name": "Sign cutting", "takes_detail": ""},
        )

        assert response.status_code == 302
        skill = Skill.objects.get(code="tracking")
        event = self.events().get()
        assert event.actor_id == staffing_administrator.pk
        assert (event.target_type, event.target_id) == ("staffing.Skill", str(skill.pk))
        assert event.details == {
            "admin": "addition",
            "object": f"staffing.Skill:{skill.pk}",
            "fields": [],
        }

    def test_a_change_names_the_fields_never_their_values(
        self, client, staffing_administrator
    ):
        skill = Skill.objects.create(code="tracking", name="Tracking")
        client.force_login(staffing_administrator)

        client.post(
            reverse("admin:staffing_skill_change", args=[skill.pk]),
            {"code": "tracking", "name": "Sign cutting", "takes_detail": "on"},
        )

        event = self.events().get()
        assert event.details == {
            "admin": "change",
            "object": f"staffing.Skill:{skill.pk}",
            "fields": ["Name", "Takes detail"],
        }

    def test_a_deletion_is_audited_before_the_object_goes(self, client, superuser):
        group = Group.objects.create(name="Old group")
        client.force_login(superuser)

        response = client.post(
            reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}
        )

        assert response.status_code == 302
        assert not Group.objects.filter(pk=group.pk).exists()
        event = self.events().get()
        assert event.details == {
            "admin": "deletion",
            "object": f"auth.Group:{group.pk}",
            "fields": [],
        }

    def test_a_bulk_deletion_is_one_event_per_object(self, client, superuser):
        groups = [Group.objects.create(name=f"Group {n}") for n in range(3)]
        client.force_login(superuser)

        client.post(
            reverse("admin:auth_group_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [group.pk for group in groups],
                "post": "yes",
            },
        )

        assert sorted(event.details["object"] for event in self.events()) == sorted(
            f"auth.Group:{group.pk}" for group in groups
        )

    def test_every_registered_model_admin_audits_its_changes(self):
        unaudited = [
            model._meta.label
            for model, model_admin in admin.site._registry.items()
            if not isinstance(model_admin, AuditedAdminMixin)
        ]

        assert admin.site._registry
        assert unaudited == []
