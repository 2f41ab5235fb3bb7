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


class AuditResult(models.TextChoices):
    OK = "ok", _("allowed")
    DENIED = "denied", _("denied")
    FAILED = "failed", _("failed")
