from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from security.models import OrganizationUnit


@admin.register(OrganizationUnit)
class OrganizationUnitAdmin(SimpleHistoryAdmin):
    """Read-only: the tree comes from the published lists (load_organization)."""

    list_display = ["name", "kind", "code", "parent", "state", "time_zone", "status"]
    list_filter = ["kind", "status", "border_region"]
    search_fields = ["name", "code", "city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
