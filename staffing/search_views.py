"""The staff directory page."""

from django.shortcuts import render

from staffing import directory
from staffing.forms import DirectorySearchForm


def directory_search(request):
    """Search form and results; htmx asks for the results alone as one types."""
    form = DirectorySearchForm(request.GET or None)
    page, criteria = None, None
    if form.is_bound and form.is_valid():
        criteria = directory.Criteria(
            name=form.cleaned_data["name"].strip(),
            title=form.cleaned_data["title"].strip(),
            station=form.cleaned_data["station"],
            sector=form.cleaned_data["sector"],
            skill=form.cleaned_data["skill"],
        )
        if not criteria.is_empty():
            page = directory.search(request, criteria, request.GET.get("page"))

    context = {"form": form, "page": page, "criteria": criteria}
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    if partial:
        template = "staffing/directory/_results.html"
    else:
        template = "staffing/directory/search.html"
    response = render(request, template, context)
    # Results may carry numbers a person shows only to their chain.
    response["Cache-Control"] = "no-store"
    response["Vary"] = "HX-Request"
    return response
