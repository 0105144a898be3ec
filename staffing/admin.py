"""Staffing in the admin: the skills catalog only.

Employees are not in the admin. Every look at a record goes through the
profile pages and exports, which show each viewer what the privacy policy
gives them and audit each look beyond the work group; every change goes
through ``staffing.services``, which checks the policy field by field and
keeps the chain of command sound. The admin would be a second way round
both, so it offers none (a test checks).
"""

from django.contrib import admin

from security import policies as security_policies
from security.admin_site import ModuleAdmin
from staffing.models import Skill


@admin.register(Skill)
class SkillAdmin(ModuleAdmin):
    """The special skills people pick from: staffing administrators keep it."""

    module = "staffing"
    list_display = ["name", "code", "takes_detail"]
    search_fields = ["name", "code"]

    def may_keep(self, request) -> bool:
        return request.user.is_superuser or security_policies.holds_role(
            request.user, "staffing", "staffing_administrator"
        )

    def has_add_permission(self, request):
        return self.may_keep(request)

    def has_change_permission(self, request, obj=None):
        return self.may_keep(request)
