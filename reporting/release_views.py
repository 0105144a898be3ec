"""The release of reports outside the agency: asking, deciding, and the
PDF an approved release issued. CSV is never offered for a release."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reporting import catalog, parameters, policies, releases, responses
from reporting.forms import (
    ReleaseApprovalForm,
    ReleaseRefusalForm,
    ReleaseRequestForm,
)
from reporting.models import ReleaseRequest
from security import audit
from security.rate_limits import rate_limited

TEMPLATE_NEW = "reporting/release_new.html"


def release_list(request):
    user = request.user
    approver = policies.may_approve_releases(user)
    if not (approver or policies.reads_anywhere(user)):
        raise PermissionDenied("Only analysts and release approvers see releases.")
    found = ReleaseRequest.objects.select_related("requested_by", "decided_by")
    if not approver:
        found = found.filter(requested_by=user)
    listed = list(found.defer("document")[:200])
    for release in listed:
        known = catalog.REPORTS.get(release.report)
        release.title = known.title if known else release.report
    return render(
        request,
        "reporting/releases.html",
        {"releases": listed, "approver": approver},
    )


def release_new(request):
    query = request.GET.copy()
    report = catalog.REPORTS.get(query.pop("report", [""])[0])
    if report is None:
        raise Http404("Choose the report to release from its page.")
    # Nothing chosen yet: the report as its page first shows it (the first
    # area the user may read, the latest fiscal year), which this page names.
    form, asked = parameters.read(request, report.form_class, data=query)
    if asked is None:
        raise Http404("Choose the area and fiscal years on the report's page first.")
    release_form = ReleaseRequestForm(request.POST or None)
    if request.method == "POST" and release_form.is_valid():
        try:
            release = releases.request_release(
                actor=request.user,
                report_code=report.code,
                asked=asked,
                **release_form.cleaned_data,
            )
        except ValidationError as error:
            release_form.add_error(None, error)
        else:
            messages.success(request, "The release request waits for an approver.")
            return redirect("reporting:release", pk=release.pk)
    return render(
        request,
        TEMPLATE_NEW,
        {"report": report, "asked": asked, "form": release_form},
        status=400 if release_form.errors else 200,
    )


def _visible(request, pk) -> ReleaseRequest:
    release = get_object_or_404(
        ReleaseRequest.objects.select_related("requested_by", "decided_by").defer(
            "document"
        ),
        pk=pk,
    )
    if not policies.may_see_release(request.user, release):
        raise PermissionDenied("Only the requester and release approvers see it.")
    return release


def release_detail(request, pk, approval=None, refusal=None, status=200, problem=""):
    release = _visible(request, pk)
    decides = release.state == ReleaseRequest.State.PENDING and policies.may_decide(
        request.user, release
    )
    return render(
        request,
        "reporting/release.html",
        {
            "release": release,
            "report": catalog.REPORTS.get(release.report),
            "decides": decides,
            "approval": approval or ReleaseApprovalForm(),
            "refusal": refusal or ReleaseRefusalForm(),
            "problem": problem,
        },
        status=status,
    )


def _decide(request, pk, form, decide):
    release = _visible(request, pk)
    if not policies.may_decide(request.user, release):
        raise PermissionDenied("Only another release approver decides this release.")
    problem = ""
    if form.is_valid():
        try:
            decide(release, form.cleaned_data)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return redirect("reporting:release", pk=pk)
    forms = {"approval": form} if isinstance(form, ReleaseApprovalForm) else {}
    if isinstance(form, ReleaseRefusalForm):
        forms = {"refusal": form}
    return release_detail(request, pk, status=400, problem=problem, **forms)


@require_POST
def release_approve(request, pk):
    return _decide(
        request,
        pk,
        ReleaseApprovalForm(request.POST),
        lambda release, data: releases.approve(
            actor=request.user, release=release, marking=data["marking"]
        ),
    )


@require_POST
def release_refuse(request, pk):
    return _decide(
        request,
        pk,
        ReleaseRefusalForm(request.POST),
        lambda release, data: releases.refuse(
            actor=request.user, release=release, reason=data["reason"]
        ),
    )


@rate_limited("export")
def release_pdf(request, pk):
    release = _visible(request, pk)
    if release.state != ReleaseRequest.State.APPROVED:
        raise Http404("Only an approved release has a PDF.")
    document = ReleaseRequest.objects.values_list("document", flat=True).get(pk=pk)
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=release,
        details={
            "module": "reporting",
            "report": release.report,
            "form": "pdf",
            "release": release.pk,
            "marking": release.marking,
        },
        source="reporting:release-pdf",
    )
    name = f"release-{release.pk}-{release.report.replace('_', '-')}.pdf"
    return responses.attachment(bytes(document), responses.PDF, name)
