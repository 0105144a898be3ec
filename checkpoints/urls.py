from django.urls import path

from bpets.views import ModuleLandingView

app_name = "checkpoints"

urlpatterns = [
    path("", ModuleLandingView.as_view(app_label=app_name), name="index"),
]
