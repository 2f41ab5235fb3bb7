from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    SECURITY = "security", _("security event")


# The security event of a 404 on a URL that takes the UUID of a person or trajectory: out of
# the user's scope or unknown. Bursts of them per user are shown to the privacy officer.
PROBE_EVENT = "client_not_found"
PROBE_BURST_SIZE = 5  # probes within one clock hour
PROBE_BURST_DAYS = 14  # how far back the privacy officer's page looks


class AuditResult(models.TextChoices):
    OK = "ok", _("allowed")
    DENIED = "denied", _("denied")
    FAILED = "failed", _("failed")
