"""The events list, one event (with its subjects for editors), recording and
correcting events and subjects, and the counts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bpets.views import ModuleLandingView
from bsits import access, forms, policies, selectors, services, statistics
from bsits.models import Event
from vehicles import local_time

PAGE_SIZE = 25


class BsitsLandingView(ModuleLandingView):
    app_label = "bsits"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["visible_count"] = selectors.visible_events(user).count()
        context["may_record"] = _records_anywhere(user)
        context["may_see_counts"] = policies.may_see_counts(user)
        context["historical_only"] = policies.is_historical_only()
        context["may_review"] = bool(policies.editor_units(user))
        if context["may_review"]:
            context["review_count"] = selectors.open_review_items(user).count()
        return context


def _records_anywhere(user) -> bool:
    return not policies.is_historical_only() and bool(policies.editor_units(user))


def _refuse_writes(user, station_id=None) -> None:
    if policies.is_historical_only():
        raise PermissionDenied(services.HISTORICAL_ONLY)
    allowed = (
        policies.may_record(user, station_id)
        if station_id is not None
        else _records_anywhere(user)
    )
    if not allowed:
        raise PermissionDenied("Only a BSITS editor over the station records events.")


def event_list(request):
    if not policies.holds_any_role(request.user):
        raise PermissionDenied("You hold no BSITS role.")
    visible = selectors.visible_events(request.user)
    form = forms.EventFilterForm(
        request.GET or None,
        stations=selectors.visible_stations(request.user),
        fiscal_years=statistics.fiscal_years(),
    )
    page = Paginator(
        selectors.filtered(visible, **form.criteria()), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bsits/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_record": _records_anywhere(request.user),
            "historical_only": policies.is_historical_only(),
        },
    )


def detail(request, pk):
    event = access.event_for(request, pk)
    sees_subjects = policies.may_see_subjects(request.user, event)
    subjects = list(event.subjects.all()) if sees_subjects else []
    access.record_subject_views(request, subjects, "bsits:detail")
    response = render(
        request,
        "bsits/detail.html",
        {
            "event": event,
            "occurred": local_time.shown(event.occurred_at, event.station),
            "sees_subjects": sees_subjects,
            "subjects": subjects,
            "subject_count": len(subjects) if sees_subjects else event.subjects.count(),
            "history": selectors.event_history(event),
            "open_reviews": (
                selectors.open_review_count(event)
                if sees_subjects and event.enforcement_event_number
                else 0
            ),
            "may_edit": policies.may_edit(request.user, event),
            "historical_only": policies.is_historical_only(),
        },
    )
    if sees_subjects:
        # Subjects' details: never kept by a browser or a proxy on the way.
        response["Cache-Control"] = "no-store"
    return response


def _show_errors(form, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


def _form_page(request, template, context):
    status = 400 if request.method == "POST" else 200
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def new_event(request):
    _refuse_writes(request.user)
    form = forms.EventForm(
        request.POST or None, stations=selectors.recording_stations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_event(
                actor=request.user,
                station=form.cleaned_data["station"],
                day=form.cleaned_data["day"],
                clock=form.cleaned_data["clock"],
                fields=form.event_fields(),
            )
        except services.EventRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"Event {event.number} recorded.")
            return redirect("bsits:detail", pk=event.pk)
    return _form_page(
        request,
        "bsits/event_form.html",
        {"form": form, "title": "Record a death or a rescue"},
    )


def edit_event(request, pk):
    event = access.event_for(request, pk)
    _refuse_writes(request.user, event.station_id)
    occurred = local_time.local(event.occurred_at, event.station)
    form = forms.EventForm(
        request.POST or None,
        instance=Event.objects.get(pk=event.pk),
        initial={
            "station": event.station,
            "event_type": event.event_type,
            "day": occurred.date(),
            "clock": occurred.time().replace(second=0, microsecond=0),
            "terrain": event.terrain,
            "circumstance": event.circumstance,
            "responses": event.responses,
        },
        stations=selectors.recording_stations(request.user),
    )
    form.fields["station"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                actor=request.user,
                event=event,
                day=form.cleaned_data["day"],
                clock=form.cleaned_data["clock"],
                fields=form.event_fields(),
            )
        except services.EventRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("bsits:detail", pk=event.pk)
    return _form_page(
        request,
        "bsits/event_form.html",
        {"form": form, "event": event, "title": f"Change {event.number}"},
    )


def add_subject(request, pk):
    event = access.event_for(request, pk)
    _refuse_writes(request.user, event.station_id)
    form = forms.SubjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_subject(
                actor=request.user, event=event, fields=form.subject_fields()
            )
        except services.EventRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Subject added.")
            return redirect("bsits:detail", pk=event.pk)
    return _form_page(
        request,
        "bsits/subject_form.html",
        {"form": form, "event": event, "title": f"Add a subject to {event.number}"},
    )


def edit_subject(request, pk):
    subject = access.subject_for(request, pk)
    event = subject.event
    _refuse_writes(request.user, event.station_id)
    form = forms.SubjectForm(
        request.POST or None, instance=type(subject).objects.get(pk=subject.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_subject(
                actor=request.user, subject=subject, fields=form.subject_fields()
            )
        except services.EventRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Subject saved.")
            return redirect("bsits:detail", pk=event.pk)
    # The form shows the subject's details: a look like any other.
    access.record_subject_views(request, [subject], "bsits:edit-subject")
    return _form_page(
        request,
        "bsits/subject_form.html",
        {"form": form, "event": event, "title": f"Change a subject of {event.number}"},
    )


@require_POST
def close_event(request, pk):
    event = access.event_for(request, pk)
    _refuse_writes(request.user, event.station_id)
    try:
        services.close_event(actor=request.user, event=event)
    except services.EventRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Closed: every disposition is final.")
    return redirect("bsits:detail", pk=event.pk)


def counts(request):
    if not policies.may_see_counts(request.user):
        raise PermissionDenied("The counts are for BSITS roles and reporting analysts.")
    years = statistics.fiscal_years()
    try:
        fiscal_year = int(request.GET.get("fiscal_year", ""))
    except ValueError:
        fiscal_year = None
    if fiscal_year not in years:
        fiscal_year = None
    tables = [
        (title, statistics.event_counts(by=by, fiscal_year=fiscal_year))
        for by, title in (
            ("sector", "By sector"),
            ("station", "By station"),
            ("fiscal_year", "By fiscal year (October to September)"),
            ("month", "By month"),
            ("circumstance", "By circumstance"),
        )
    ]
    return render(
        request,
        "bsits/counts.html",
        {"tables": tables, "years": years, "fiscal_year": fiscal_year},
    )
