from django.urls import path

from wegwijs.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:public_id>/status/", views.change_status, name="change_status"),
    path("koppelen/<uuid:public_id>/", views.match, name="match"),
    path("koppelen/<uuid:public_id>/toewijzen/", views.match_assign, name="match_assign"),
]
