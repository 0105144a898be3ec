from django.urls import path

from bsits import views

app_name = "bsits"

urlpatterns = [
    path("", views.BsitsLandingView.as_view(), name="index"),
    path("events/", views.event_list, name="list"),
    path("events/new/", views.new_event, name="new"),
    path("events/<int:pk>/", views.detail, name="detail"),
    path("events/<int:pk>/edit/", views.edit_event, name="edit"),
    path("events/<int:pk>/subjects/new/", views.add_subject, name="add-subject"),
    path("events/<int:pk>/close/", views.close_event, name="close"),
    path("subjects/<int:pk>/edit/", views.edit_subject, name="edit-subject"),
    path("counts/", views.counts, name="counts"),
]
