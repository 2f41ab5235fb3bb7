from django.contrib import admin
from django.urls import include, path

from wegwijs.core import views as core_views

admin.site.site_header = admin.site.site_title = "Wegwijs"

urlpatterns = [
    path("", include("wegwijs.core.urls")),
    path("account/", include("wegwijs.accounts.urls")),
    path("catalogus/", include("wegwijs.catalog.urls")),
    path("opdrachten/", include("wegwijs.contracts.urls")),
    path("clienten/", include("wegwijs.clients.urls")),
    path("trajecten/", include("wegwijs.trajectories.urls")),
    path("vrijwilligers/", include("wegwijs.volunteers.urls")),
    path("metingen/", include("wegwijs.measurements.urls")),
    path("beheer/", admin.site.urls),
    path("health/live", core_views.health_live, name="health_live"),
    path("health/ready", core_views.health_ready, name="health_ready"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
