from django.urls import path

from wegwijs.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("dubbele-dossiers/", views.duplicate_signals, name="duplicate_signals"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/wijzigen/", views.edit, name="edit"),
    path("<uuid:public_id>/huishouden/", views.household_add, name="household_add"),
    path(
        "<uuid:public_id>/huishouden/verlaten/",
        views.household_remove,
        name="household_remove",
    ),
    path("<uuid:public_id>/dossier/", views.dossier_link, name="dossier_link"),
    path("<uuid:public_id>/ind-kenmerk/", views.reference_add, name="reference_add"),
    path("<uuid:public_id>/toestemming/", views.consent_add, name="consent_add"),
    path(
        "<uuid:public_id>/toestemming/<uuid:consent_id>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
