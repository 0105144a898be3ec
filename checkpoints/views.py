from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from bpets.views import ModuleLandingView
from checkpoints import exports, forms, policies, selectors, services
from checkpoints.models import Checkpoint
from security.rate_limits import rate_limited

PAGE_SIZE = 25


class CheckpointsLandingView(ModuleLandingView):
    app_label = "checkpoints"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visible_count"] = selectors.visible_checkpoints(
            self.request.user
        ).count()
        return context


def _require_a_role(user) -> None:
    if not policies.holds_any_role(user):
        raise PermissionDenied("You hold no checkpoints role.")


def _filter_form(request, checkpoints):
    return forms.CheckpointFilterForm(
        request.GET or None,
        sectors=selectors.sectors_of(checkpoints),
        stations=selectors.stations_of(checkpoints),
    )


def checkpoint_list(request):
    _require_a_role(request.user)
    visible = selectors.visible_checkpoints(request.user)
    form = _filter_form(request, visible)
    criteria = form.criteria()
    page = Paginator(selectors.filtered(visible, **criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "checkpoints/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_administer": policies.administers_any(request.user),
        },
    )


def summary(request):
    _require_a_role(request.user)
    rows = selectors.summary_by_sector(selectors.visible_checkpoints(request.user))
    totals = {
        name: sum(row[name] for row in rows)
        for name in (rows[0] if rows else {})
        if name not in ("sector_id", "sector__name")
    }
    return render(request, "checkpoints/summary.html", {"rows": rows, "totals": totals})


def detail(request, pk):
    checkpoint = selectors.checkpoint_for(request.user, pk)
    return render(
        request,
        "checkpoints/detail.html",
        {
            "checkpoint": checkpoint,
            "status_changes": checkpoint.status_changes.select_related("recorded_by"),
            "history": selectors.change_history(checkpoint),
            "may_change": policies.may_change(request.user, checkpoint),
        },
    )


def _changeable(request, pk) -> Checkpoint:
    checkpoint = selectors.checkpoint_for(request.user, pk)
    if not policies.may_change(request.user, checkpoint):
        raise PermissionDenied(
            f"Only a checkpoint administrator over {checkpoint.sector} changes it."
        )
    return checkpoint


def _form_page(request, template, checkpoint, form):
    # A rejected post answers 400, with what the user typed and why.
    return render(
        request,
        template,
        {"checkpoint": checkpoint, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _show_errors(form, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


def edit(request, pk):
    checkpoint = _changeable(request, pk)
    # The form checks a copy, so that a rejected post leaves the record as
    # it was for the service to compare against.
    form = forms.CheckpointForm(
        request.POST or None, instance=Checkpoint.objects.get(pk=checkpoint.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            changed = services.update_checkpoint(
                actor=request.user, checkpoint=checkpoint, changes=changes
            )
        except services.CheckpointChangeRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                "Saved." if changed else "Nothing had changed; saved as it was.",
            )
            return redirect("checkpoints:detail", pk=checkpoint.pk)
    return _form_page(request, "checkpoints/edit.html", checkpoint, form)


def change_status(request, pk):
    checkpoint = _changeable(request, pk)
    form = forms.StatusForm(request.POST or None, initial={"status": checkpoint.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                checkpoint=checkpoint,
                status=form.cleaned_data["status"],
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.CheckpointChangeRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Status recorded.")
            return redirect("checkpoints:detail", pk=checkpoint.pk)
    return _form_page(request, "checkpoints/status.html", checkpoint, form)


@rate_limited("export")
def export(request):
    _require_a_role(request.user)
    visible = selectors.visible_checkpoints(request.user)
    criteria = _filter_form(request, visible).criteria()
    content = exports.export_checkpoints(
        request,
        selectors.filtered(visible, **criteria),
        criteria,
        "checkpoints:export",
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="checkpoints.csv"'
    # For use inside the agency only; never cached on the way.
    response["Cache-Control"] = "no-store"
    return response
