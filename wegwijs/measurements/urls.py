from django.urls import path

from wegwijs.measurements import report_views, views

app_name = "measurements"

urlpatterns = [
    path("rapportage/", report_views.report_page, name="report"),
    path("rapportage/excel/", report_views.report_xlsx, name="report_xlsx"),
    path("<uuid:public_id>/", views.progress, name="progress"),
    path("<uuid:public_id>/nieuw/", views.record, name="record"),
]
