from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wegwijs.core"
    verbose_name = _("Core")

    def ready(self):
        from wegwijs.core import audit_role, checks  # noqa: F401  (register the system checks)
