from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from bpets.views import ModuleLandingView
from security import audit
from security import selectors as security_selectors
from staffing import panels, policies, privacy, selectors
from staffing.models import Employee


class StaffingLandingView(ModuleLandingView):
    app_label = "staffing"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        me = policies.employee_of(self.request.user)
        context["me"] = me
        context["subordinates"] = selectors.subordinates_of(me) if me else []
        return context


def my_profile(request):
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")
    return redirect("staffing:profile", pk=me.pk)


def profile(request, pk):
    employee = selectors.employee(pk)
    fields = policies.visible_fields(request.user, employee)
    groups = policies.visible_groups(request.user, employee)
    beyond_work = policies.groups_beyond_work(request.user, employee)
    if beyond_work:
        audit.record(
            audit.Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target=employee,
            subject_user_id=employee.user_id,
            details={"groups": beyond_work},
            source="staffing:profile",
        )

    sections = []
    for group, names in privacy.FIELDS.items():
        shown = [_field_row(employee, name) for name in names if name in fields]
        if shown:
            sections.append({"title": privacy.GROUP_TITLES[group], "rows": shown})
    return render(
        request,
        "staffing/profile.html",
        {
            "employee": employee,
            "sections": sections,
            "emergency_contacts": (
                employee.emergency_contacts.all()
                if privacy.EMERGENCY in groups
                else None
            ),
            "skills": employee.skills.select_related("skill"),
            "is_self": policies.audience(request.user, employee).is_self,
            "panels": panels.panels_for(request, employee),
        },
    )


def seen_by(request):
    """Who has been shown my information beyond the work group."""
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")
    events = security_selectors.audit_events_about(
        target_type=Employee._meta.label,
        target_id=str(me.pk),
        kinds=[audit.Kind.PERSONAL_DATA_VIEWED, audit.Kind.PERSONAL_DATA_SEARCHED],
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staffing/seen_by.html",
        {"page": page, "group_titles": privacy.GROUP_TITLES},
    )


def _field_row(employee, name):
    field = Employee._meta.get_field(name)
    if field.choices:
        value = getattr(employee, f"get_{name}_display")()
    else:
        value = getattr(employee, name)
    return {"label": field.verbose_name.capitalize(), "value": value, "name": name}
