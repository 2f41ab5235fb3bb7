from django.urls import path

from wegwijs.accounts import own_views, user_views, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("tweestaps/", views.two_factor, name="two_factor"),
    path("tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("tweestaps/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("wachtwoord/vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord/herstel/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/herstel/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("wachtwoord/wijzigen/", own_views.password_change, name="password_change"),
    path("wachtwoord/gewijzigd/", views.password_change_done, name="password_change_done"),
    path("taal/", views.set_language, name="set_language"),
    # One's own sessions (SESS-02).
    path("sessies/", own_views.own_sessions, name="sessions"),
    path("sessies/uitloggen/", own_views.end_other_sessions, name="sessions_end_others"),
    # The beheerder's account pages; four-eyes approvals (issue 10).
    path("gebruikers/nieuw/", user_views.user_create, name="user_create"),
    path("gebruikers/<uuid:public_id>/", user_views.user_detail, name="user_detail"),
    path("gebruikers/<uuid:public_id>/e-mail/", user_views.user_email, name="user_email"),
    path("gebruikers/<uuid:public_id>/rol/", user_views.user_role, name="user_role"),
    path("gebruikers/<uuid:public_id>/actief/", user_views.user_active, name="user_active"),
    path(
        "gebruikers/<uuid:public_id>/tweestaps-herstellen/",
        user_views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path(
        "gebruikers/<uuid:public_id>/sessies-beeindigen/",
        user_views.user_sessions_end,
        name="user_sessions_end",
    ),
    path("wijzigingen/", user_views.change_requests, name="change_requests"),
    path(
        "wijzigingen/<uuid:public_id>/goedkeuren/",
        user_views.change_request_approve,
        name="change_request_approve",
    ),
    path(
        "wijzigingen/<uuid:public_id>/afwijzen/",
        user_views.change_request_reject,
        name="change_request_reject",
    ),
]
