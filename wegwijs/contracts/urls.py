from django.urls import path

from wegwijs.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/regels/", views.add_line, name="add_line"),
    path(
        "<uuid:public_id>/regels/<uuid:line_id>/wijzigen/",
        views.update_line,
        name="update_line",
    ),
    path(
        "<uuid:public_id>/regels/<uuid:line_id>/verwijderen/",
        views.remove_line,
        name="remove_line",
    ),
    path("<uuid:public_id>/opslag/", views.waive_surcharge, name="waive_surcharge"),
    path("<uuid:public_id>/aanbieden/", views.offer, name="offer"),
    path("<uuid:public_id>/terug-naar-concept/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/ondertekenen/", views.sign, name="sign"),
    path("<uuid:public_id>/afsluiten/", views.close, name="close"),
    path("<uuid:public_id>/offerte/", views.quote, name="quote"),
    path("<uuid:public_id>/offerte.pdf", views.quote_pdf, name="quote_pdf"),
]
