from django.urls import path

from timesheet import admin_views, extract_views, print_views, views

app_name = "timesheet"

urlpatterns = [
    path("", views.Landing.as_view(app_label=app_name), name="index"),
    path("mine/", views.mine, name="mine"),
    path("to-act-on/", views.to_act_on, name="to-act-on"),
    path("<int:pk>/", views.timesheet, name="timesheet"),
    path("<int:pk>/day/<str:day>/", views.day_editor, name="day"),
    path("<int:pk>/entries/", views.entry_add, name="entry-add"),
    path(
        "<int:pk>/entries/<int:entry_pk>/remove/",
        views.entry_remove,
        name="entry-remove",
    ),
    path("<int:pk>/days/<int:day_pk>/close/", views.shift_close, name="shift-close"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/print/", print_views.printed, name="print"),
    path("<int:pk>/print.pdf", print_views.printed_pdf, name="pdf"),
    path("initialize/", admin_views.initialize, name="initialize"),
    path("runs/<int:pk>/", admin_views.run, name="run"),
    path("payroll/", admin_views.payroll, name="payroll"),
    path("gao-audits/", admin_views.gao_audits, name="gao-audits"),
    path("payroll-extract/", extract_views.extracts, name="payroll-extracts"),
    path(
        "payroll-extract/runs/<int:pk>/",
        extract_views.extract_run,
        name="payroll-extract-run",
    ),
]
