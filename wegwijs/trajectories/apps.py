from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "wegwijs.trajectories"
    verbose_name = _("Trajectories")

    def ready(self):
        from wegwijs.clients.signals import person_key_dates_changed
        from wegwijs.trajectories.receivers import follow_person_key_dates

        person_key_dates_changed.connect(
            follow_person_key_dates, dispatch_uid="trajectories.follow_person_key_dates"
        )
