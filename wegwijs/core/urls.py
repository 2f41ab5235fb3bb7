from django.urls import path

from wegwijs.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("privacy/toegangslog/", views.audit_log, name="audit_log"),
]
