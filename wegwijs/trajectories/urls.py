from django.urls import path

from wegwijs.trajectories import views, volunteer_views

app_name = "trajectories"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("mijn-werk/", volunteer_views.my_work, name="my_work"),
    path(
        "mijn-werk/<uuid:public_id>/contact/",
        volunteer_views.my_work_contact,
        name="my_work_contact",
    ),
    path("uren/", volunteer_views.hours_page, name="hours"),
    path("uren/nieuw/", volunteer_views.hours_add, name="hours_add"),
    path("uren/<int:entry_id>/verwijderen/", volunteer_views.hours_delete, name="hours_delete"),
    path("client/<uuid:person_id>/", views.for_person, name="for_person"),
    path("nieuw/<uuid:person_id>/", views.create, name="create"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/status/", views.advance, name="advance"),
    path("<uuid:public_id>/afsluiten/", views.close, name="close"),
    path("<uuid:public_id>/contact/", views.contact_add, name="contact_add"),
    path("<uuid:public_id>/data/", views.housing_dates, name="housing_dates"),
    path("<uuid:public_id>/vrijwilliger/", views.assign, name="assign"),
    path(
        "<uuid:public_id>/vrijwilliger/<int:assignment_id>/einde/",
        views.assignment_end,
        name="assignment_end",
    ),
    path("<uuid:public_id>/punt/<int:item_id>/gedaan/", views.item_done, name="item_done"),
    path("<uuid:public_id>/punt/<int:item_id>/open/", views.item_reopen, name="item_reopen"),
    path("<uuid:public_id>/fase/", views.phase, name="phase"),
    path("<uuid:public_id>/doel/", views.goal_add, name="goal_add"),
    path("<uuid:public_id>/doel/<int:goal_id>/resultaat/", views.goal_result, name="goal_result"),
    path("<uuid:public_id>/evaluatie/", views.evaluation_add, name="evaluation_add"),
    path("<uuid:public_id>/resultaten/", views.outcome, name="outcome"),
    path("<uuid:public_id>/vertrouwelijk/", views.sensitive, name="sensitive"),
    path("<uuid:public_id>/eindrapportage.pdf", views.end_report, name="end_report"),
]
