from django.urls import path

from wegwijs.volunteers import supervision_views, views

app_name = "volunteers"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/bewerken/", views.edit, name="edit"),
    path("<uuid:public_id>/screening/", views.screening, name="screening"),
    path("<uuid:public_id>/status/", views.change_status, name="change_status"),
    path("koppelen/<uuid:public_id>/", views.match, name="match"),
    path("koppelen/<uuid:public_id>/toewijzen/", views.match_assign, name="match_assign"),
    path("begeleiding/", supervision_views.supervision_view, name="supervision"),
    path("begeleiding/bijeenkomst/", supervision_views.meeting_add, name="meeting_add"),
    path("begeleiding/bijeenkomsten/", supervision_views.meeting_list, name="meetings"),
    path("cijfers/", supervision_views.figures_view, name="figures"),
]
