from django.urls import path

from operations_orders import print_views, views, workflow_views

app_name = "operations_orders"

urlpatterns = [
    path("", views.OrdersLandingView.as_view(), name="index"),
    path("orders/", views.order_list, name="list"),
    path("orders/export.csv", views.export, name="export"),
    path("orders/new/", views.new_order, name="new"),
    path("orders/<int:pk>/", views.detail, name="detail"),
    path("orders/<int:pk>/edit/", views.edit_order, name="edit"),
    path("orders/<int:pk>/submit/", workflow_views.submit, name="submit"),
    path("orders/<int:pk>/approve/", workflow_views.approve, name="approve"),
    path("orders/<int:pk>/return/", workflow_views.return_order, name="return"),
    path("orders/<int:pk>/activate/", workflow_views.activate, name="activate"),
    path("orders/<int:pk>/amend/", workflow_views.amend, name="amend"),
    path("orders/<int:pk>/close/", workflow_views.close, name="close"),
    path("orders/<int:pk>/revisions/", print_views.revisions, name="revisions"),
    path("orders/<int:pk>/print/", print_views.printable, name="print"),
    path("orders/<int:pk>/order.pdf", print_views.order_pdf, name="pdf"),
]
