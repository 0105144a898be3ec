from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from bpets.views import ModuleLandingView
from security import audit
from security import policies as security_policies
from security import selectors as security_selectors
from security.rate_limits import rate_limited
from security.services import GrantRefused
from staffing import (
    corrections,
    exports,
    forms,
    identity,
    panels,
    policies,
    privacy,
    reports,
    selectors,
    services,
)
from staffing.models import Canine, Employee


class StaffingLandingView(ModuleLandingView):
    app_label = "staffing"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        me = policies.employee_of(self.request.user)
        context["me"] = me
        context["subordinates"] = selectors.subordinates_of(me) if me else []
        context["can_create"] = security_policies.holds_role(
            self.request.user, "staffing", "staffing_administrator"
        )
        context["may_print_roster"] = reports.may_print_any_roster(self.request.user)
        if security_policies.holds_role(self.request.user, "staffing", "personnel"):
            context["open_corrections"] = corrections.open_for_personnel(
                self.request.user
            ).count()
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

    editable = policies.editable_fields(request.user, employee)
    sections = []
    for group, names in privacy.FIELDS.items():
        shown = [_field_row(employee, name) for name in names if name in fields]
        if shown:
            sections.append(
                {
                    "group": group,
                    "title": privacy.GROUP_TITLES[group],
                    "rows": shown,
                    "editable": group in groups and bool(editable & set(names)),
                }
            )
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
            "may_edit_lists": "work_phone" in editable,
            "may_separate": employee.status == Employee.Status.ACTIVE
            and not policies.audience(request.user, employee).is_self
            and security_policies.holds_role(
                request.user, "staffing", "personnel", employee.duty_station_id
            ),
            "history": selectors.visible_history(
                employee, policies.history_fields(request.user, employee)
            ),
            "panels": panels.panels_for(request, employee),
        },
    )


@sensitive_post_parameters("social_security_number")
def edit_group(request, pk, group):
    employee = selectors.employee(pk)
    if group not in privacy.FIELDS:
        raise Http404("No such group of fields.")
    if group not in policies.visible_groups(request.user, employee):
        raise PermissionDenied("You may not see these fields.")
    editable = policies.editable_fields(request.user, employee)
    form = forms.ProfileForm(
        request.POST or None,
        employee=employee,
        group=group,
        editable=editable,
        stations=_personnel_stations(request.user),
    )
    if not form.fields:
        raise PermissionDenied("You may not change any of these fields.")
    if "hash_id" in form.fields and identity.can_derive():
        forms.add_number_field(form)

    _record_look(request, employee, [group], "staffing:edit")
    # Fields posted beyond the form refuse the whole change: a crafted post
    # must not be quietly half-applied.
    smuggled = sorted(
        name
        for name in set(request.POST) & set(privacy.GROUP_OF)
        if name not in form.fields
    )
    if request.method == "POST" and smuggled:
        audit.record(
            audit.Kind.DENIED,
            request=request,
            target=employee,
            subject_user_id=employee.user_id,
            details={"action": "edit profile", "fields": smuggled},
        )
        form.is_valid()
        form.add_error(
            None,
            "You may not change: "
            + ", ".join(
                str(Employee._meta.get_field(name).verbose_name) for name in smuggled
            )
            + ".",
        )
    elif request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        number = changes.pop("social_security_number", "")
        try:
            if number:
                changes["hash_id"] = identity.derive_hash_id(number)
            services.update_profile(
                actor=request.user, employee=employee, changes=changes
            )
        except services.ProfileChangeRefused as refusal:
            form.add_refusal(refusal)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Only the number's own check raises a bare message.
                form.add_error("social_security_number", error)
            else:
                form.add_refusal(error)
        else:
            messages.success(request, "Saved.")
            return redirect("staffing:profile", pk=employee.pk)
    return render(
        request,
        "staffing/edit_group.html",
        {"employee": employee, "form": form, "title": privacy.GROUP_TITLES[group]},
        status=400 if request.method == "POST" else 200,
    )


# What each list edits, and the field whose editability decides who may.
LISTS = {
    "emergency-contacts": (
        "Emergency contacts",
        "EmergencyContactFormSet",
        "emergency_patrol_agent_name",
    ),
    "skills": ("Special skills", "SkillFormSet", "work_phone"),
}


def edit_list(request, pk, kind):
    employee = selectors.employee(pk)
    if kind not in LISTS:
        raise Http404("No such list.")
    title, formset_name, deciding_field = LISTS[kind]
    if deciding_field not in policies.editable_fields(request.user, employee):
        raise PermissionDenied("You may not change this list.")

    if kind == "emergency-contacts":
        _record_look(request, employee, [privacy.EMERGENCY], "staffing:edit-list")
    formset_class = getattr(forms, formset_name)
    formset = formset_class(request.POST or None, instance=employee, prefix=kind)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset.forms:
                form.instance._history_user = request.user
            formset.save()
        messages.success(request, f"{title}: saved.")
        return redirect("staffing:profile", pk=employee.pk)
    return render(
        request,
        "staffing/edit_list.html",
        {"employee": employee, "formset": formset, "title": title},
        status=400 if request.method == "POST" else 200,
    )


def choose_shown_fields(request):
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")
    form = forms.ShownFieldsForm(
        request.POST or None, initial={"shown": me.shown_personal_fields}
    )
    if request.method == "POST" and form.is_valid():
        services.set_shown_personal_fields(
            actor=request.user, employee=me, shown=form.cleaned_data["shown"]
        )
        messages.success(request, "Saved: everyone else now sees what you ticked.")
        return redirect("staffing:profile", pk=me.pk)
    return render(request, "staffing/shown_fields.html", {"form": form})


def new_employee(request):
    from security.models import OrganizationUnit

    reach = security_policies.reach(request.user, "staffing", "staffing_administrator")
    stations = OrganizationUnit.objects.filter(pk__in=reach, kind="STATION")
    if not stations.exists():
        raise PermissionDenied("Only staffing administrators create records.")
    form = forms.NewEmployeeForm(request.POST or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != "username"
        }
        try:
            employee, set_password_path = services.create_employee(
                actor=request.user,
                username=form.cleaned_data["username"],
                fields=fields,
            )
        except (
            services.ProfileChangeRefused,
            GrantRefused,
            ValidationError,
        ) as refusal:
            form.add_refusal(refusal)
        else:
            return render(
                request,
                "staffing/employee_created.html",
                {
                    "employee": employee,
                    "set_password_url": request.build_absolute_uri(set_password_path),
                },
            )
    return render(
        request,
        "staffing/new_employee.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@rate_limited("export")
def export_profile(request, pk):
    employee = selectors.employee(pk)
    return _csv_response(
        exports.export_people(
            request, [employee], "profile", "staffing:profile-export"
        ),
        f"profile-{employee.pk}.csv",
    )


@rate_limited("export")
def export_subordinates(request):
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")
    people = list(selectors.subordinates_of(me))
    return _csv_response(
        exports.export_people(
            request, people, "subordinates", "staffing:subordinates-export"
        ),
        "subordinates.csv",
    )


def _personnel_stations(user):
    from security.models import OrganizationUnit

    reach = security_policies.reach(user, "staffing", "personnel")
    return OrganizationUnit.objects.filter(pk__in=reach, kind="STATION")


def _record_look(request, employee, groups, source):
    """A page showing another person's fields beyond the work group is a look."""
    if policies.audience(request.user, employee).is_self:
        return
    beyond_work = sorted(set(groups) - {privacy.WORK})
    if beyond_work:
        audit.record(
            audit.Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target=employee,
            subject_user_id=employee.user_id,
            details={"groups": beyond_work},
            source=source,
        )


def _csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # For use inside the agency only; never cached on the way.
    response["Cache-Control"] = "no-store"
    return response


def canines(request):
    """The canine registry: every user may see it (work information)."""
    registry = Canine.objects.select_related("station__parent", "handler").order_by(
        "station__name", "name"
    )
    page = Paginator(registry, 50).get_page(request.GET.get("page"))
    return render(request, "staffing/canines.html", {"page": page})


def separate(request, pk):
    employee = selectors.employee(pk)
    form = forms.SeparationForm(request.POST or None)
    if not security_policies.holds_role(
        request.user, "staffing", "personnel", employee.duty_station_id
    ):
        raise PermissionDenied("Only personnel over the station record a separation.")
    if request.method == "POST" and form.is_valid():
        try:
            services.separate(
                actor=request.user, employee=employee, **form.cleaned_data
            )
        except (services.ProfileChangeRefused, GrantRefused) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request, f"{employee.full_name} is separated; their access has ended."
            )
            return redirect("staffing:profile", pk=employee.pk)
    return render(
        request,
        "staffing/separate.html",
        {"employee": employee, "form": form},
        status=400 if request.method == "POST" else 200,
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
        listed_as="employees",
        listed_kinds=[audit.Kind.EXPORTED],
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.what = _what_was_seen(event, me)
    return render(request, "staffing/seen_by.html", {"page": page})


def _what_was_seen(event, me) -> str:
    details = event.details
    if event.kind == audit.Kind.PERSONAL_DATA_SEARCHED:
        return "your personal numbers, in a directory search"
    if event.kind == audit.Kind.EXPORTED:
        groups = ", ".join(details["employees"][str(me.pk)])
        rows = details["rows"]
        whose = "of your record" if rows == 1 else f"of {rows} people"
        return f"{groups}, in a {details['form'].upper()} file {whose}"
    if details.get("groups"):
        return ", ".join(details["groups"])
    if len(details.get("employees", ())) == 1:
        return "your record, as a file"
    return f"a file of {len(details.get('employees', ()))} people"


def _field_row(employee, name):
    field = Employee._meta.get_field(name)
    if name == "assigned_canine" and employee.assigned_canine:
        return {
            "label": field.verbose_name.capitalize(),
            "value": employee.assigned_canine,
            "name": name,
            "url": reverse("staffing:canines"),
        }
    if field.choices:
        value = getattr(employee, f"get_{name}_display")()
    else:
        value = getattr(employee, name)
    return {"label": field.verbose_name.capitalize(), "value": value, "name": name}
