"""The audit log page: security auditors search it; every search is audited."""

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from bpets.forms import DesignSystemFormMixin
from security import audit, policies
from security.models import AuditEvent

PAGE_SIZE = 50

# Search fields matched exactly, each named as the event field it matches.
EXACT_FILTERS = (
    "actor_username",
    "kind",
    "target_type",
    "target_id",
    "subject_user_id",
)


class AuditSearchForm(DesignSystemFormMixin, forms.Form):
    actor_username = forms.CharField(
        label="Actor (username)", required=False, max_length=150
    )
    kind = forms.ChoiceField(
        label="Event",
        required=False,
        choices=[("", "Any event"), *AuditEvent.Kind.choices],
    )
    target_type = forms.CharField(
        label="Target type",
        required=False,
        max_length=60,
        help_text="The kind of record, for example security.RoleGrant.",
    )
    target_id = forms.CharField(label="Target id", required=False, max_length=60)
    subject_user_id = forms.IntegerField(
        label="Subject (user id)",
        required=False,
        min_value=1,
        help_text="Whose information or account the event is about.",
    )
    occurred_from = forms.DateField(
        label="From (UTC date)",
        required=False,
    )
    occurred_until = forms.DateField(
        label="Until (UTC date, included)",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("occurred_from"), cleaned.get("occurred_until")
        if start and end and end < start:
            self.add_error("occurred_until", "The end date is before the start date.")
        return cleaned

    def filters_used(self) -> dict[str, str | int]:
        """The filters given, as the AUDIT_SEARCHED event records them."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
            if value not in ("", None)
        }


def events_in_scope(auditor):
    """The events a security auditor may read: about their part of the tree.

    An auditor over headquarters reads everything. Below it, an event is in
    scope when its actor or its subject is an account whose home unit the
    auditor's role reaches, or its target is such a unit, or it names such
    a unit as the one it concerns (``details["unit"]``: a partner system's
    pull or message, a refused request, a grant); events about nobody in
    particular (system events, unknown usernames) stay with headquarters.
    """
    from security.models import OrganizationUnit, User

    reached = policies.reach(auditor, "security", "security_auditor")
    headquarters = OrganizationUnit.objects.filter(kind="HQ").values_list(
        "pk", flat=True
    )
    if set(headquarters) & reached:
        return AuditEvent.objects.all()
    accounts = User.objects.filter(home_unit__in=reached).values("pk")
    return AuditEvent.objects.filter(
        Q(actor_id__in=accounts)
        | Q(subject_user_id__in=accounts)
        | Q(
            target_type=OrganizationUnit._meta.label,
            target_id__in=[str(pk) for pk in reached],
        )
        # A service account's home is the unit it was made over, often a
        # sector; what it pulls or writes may be one station's, which the
        # event says in its details so the station's auditor sees it.
        | Q(details__unit__in=sorted(reached))
    )


def search_events(filters: dict, auditor=None):
    """Events matching the cleaned search, newest first."""
    events = (
        events_in_scope(auditor) if auditor is not None else AuditEvent.objects.all()
    )
    events = events.order_by("-occurred_at", "-id")
    for name in EXACT_FILTERS:
        if filters.get(name) not in ("", None):
            events = events.filter(**{name: filters[name]})

    # Whole UTC days: from the first day's midnight to the midnight after
    # the last.
    if filters.get("occurred_from"):
        events = events.filter(occurred_at__gte=_utc_midnight(filters["occurred_from"]))
    if filters.get("occurred_until"):
        end = _utc_midnight(filters["occurred_until"] + timedelta(days=1))
        events = events.filter(occurred_at__lt=end)
    return events


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


class AuditLogView(TemplateView):
    template_name = "security/audit_log.html"

    def dispatch(self, request, *args, **kwargs):
        if not policies.is_security_auditor(request.user):
            audit.record(
                audit.Kind.DENIED,
                request=request,
                details={"path": request.path, "needs": "security.security_auditor"},
            )
            # Answered here rather than raised, so that the refusal is
            # recorded once, with what it needed.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AuditSearchForm(self.request.GET)
        context["form"] = form
        if not form.is_valid():
            return context

        events = search_events(form.cleaned_data, auditor=self.request.user)
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        audit.record(
            audit.Kind.AUDIT_SEARCHED,
            request=self.request,
            details={
                "filters": form.filters_used(),
                "page": page.number,
                "results": page.paginator.count,
            },
        )
        context["page"] = page
        context["page_numbers"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        return context
