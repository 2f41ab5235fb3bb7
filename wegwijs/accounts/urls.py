from django.urls import path

from wegwijs.accounts import views

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
    path("wachtwoord/wijzigen/", views.password_change, name="password_change"),
    path("wachtwoord/gewijzigd/", views.password_change_done, name="password_change_done"),
    path("taal/", views.set_language, name="set_language"),
]
