"""The product's URLs and a bare view, for the load test's settings only."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """What any page costs at least: the middleware (session, login,
    headers, audit) around a view that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("bpets.urls")),
]
