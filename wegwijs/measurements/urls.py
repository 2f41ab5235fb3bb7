from django.urls import path

from wegwijs.measurements import views

app_name = "measurements"

urlpatterns = [
    path("<uuid:public_id>/", views.progress, name="progress"),
    path("<uuid:public_id>/nieuw/", views.record, name="record"),
]
