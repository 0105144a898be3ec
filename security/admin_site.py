"""The admin: for superusers and module administrators, every change audited.

The admin is no back door around the policies. Only a superuser or a holder
of a module administrator's role (``roles.module_administrator_roles``) gets
in; anyone else logged in is refused with a 403 and a DENIED event. Each
model's page is open to its own module's administrators (``ModuleAdmin``),
and every addition, change and deletion made through it is an audit event
naming the object: Django's LogEntry can be edited by whoever holds the
database, the audit log cannot.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from security import audit, policies

# An admin change alters the records the policies decide on; ``details.admin``
# says which action it was.
ADMIN_CHANGE_KIND = audit.Kind.ADMIN_CHANGED


def changed_fields(message) -> list[str]:
    """The field names of an admin change message (never their values)."""
    if not isinstance(message, list):
        return []
    names = []
    for entry in message:
        for action in entry.values():
            names.extend(action.get("fields", []))
    return names


def record_admin_change(request, obj, action: str, message=None) -> None:
    audit.record(
        ADMIN_CHANGE_KIND,
        request=request,
        target=obj,
        subject_user_id=getattr(obj, "user_id", None),
        details={
            "admin": action,
            "object": f"{obj._meta.label}:{obj.pk}",
            "fields": changed_fields(message),
        },
        source="admin",
    )


class AuditedAdminMixin:
    """One audit event per object added, changed or deleted in the admin."""

    def log_addition(self, request, obj, message):
        record_admin_change(request, obj, "addition", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record_admin_change(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record_admin_change(request, obj, "deletion")
        return super().log_deletions(request, queryset)


class ModuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A model's admin page, open to the administrators of ``module``.

    Viewing is what they get by default; a subclass that offers changes
    says so in ``has_change_permission`` and the others, with the policy
    that decides them.
    """

    # None: the administrators of any module (the organization tree is
    # everyone's reference data).
    module: str | None = None

    def is_administrator(self, request) -> bool:
        user = request.user
        return user.is_superuser or policies.is_module_administrator(user, self.module)

    def has_module_permission(self, request):
        return self.is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self.is_administrator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdminSite(admin.AdminSite):
    site_header = "BPETS administration"
    site_title = "BPETS administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and (
            user.is_superuser or policies.is_module_administrator(user)
        )

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        def refuse_outsiders(request, *args, **kwargs):
            # A logged-in user who may not enter is refused outright (and the
            # refusal audited by the session middleware), not sent round to
            # a login page that would send them home again.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(
                    "The admin is open to superusers and module administrators only."
                )
            return guarded(request, *args, **kwargs)

        refuse_outsiders.__dict__.update(guarded.__dict__)
        refuse_outsiders.__wrapped__ = guarded
        return refuse_outsiders

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin audits its changes, also those other apps (or
        # Django's own) register without knowing of this site.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__, (AuditedAdminMixin, admin_class), {}
            )
        return super().register(model_or_iterable, admin_class, **options)
