from django.urls import path

from bsits import enforcement_views, views

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
    path(
        "enforcement/messages/",
        enforcement_views.receive_message,
        name="enforcement-message",
    ),
    path(
        "enforcement/import/",
        enforcement_views.import_records,
        name="enforcement-import",
    ),
    path("reviews/", enforcement_views.review_list, name="reviews"),
    path("reviews/<int:pk>/", enforcement_views.review_decide, name="review-decide"),
]
