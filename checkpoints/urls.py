from django.urls import path

from checkpoints import views

app_name = "checkpoints"

urlpatterns = [
    path("", views.CheckpointsLandingView.as_view(), name="index"),
    path("list/", views.checkpoint_list, name="list"),
    path("summary/", views.summary, name="summary"),
    path("export.csv", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.change_status, name="status"),
]
