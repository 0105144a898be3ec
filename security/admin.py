from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from security.admin_site import ModuleAdmin
from security.models import OrganizationUnit


@admin.register(OrganizationUnit)
class OrganizationUnitAdmin(ModuleAdmin, SimpleHistoryAdmin):
    """Read-only: the tree comes from the published lists (load_organization)."""

    list_display = ["name", "kind", "code", "parent", "state", "time_zone", "status"]
    list_filter = ["kind", "status", "border_region"]
    search_fields = ["name", "code", "city"]
