import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.core.audit_keys import (
    LEGACY_KEY_ID,
    KeyRing,
    UnknownAuditKey,
    key_ring,
    signing_key_id,
)
from wegwijs.core.constants import AuditAction, AuditResult


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The access log is for the privacy officer only."""
        if user.is_authenticated and user.can("audit.view"):
            return self
        return self.none()

    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Who did what to which record, when and from where (ARCHITECTURE.md rule 3, LOG-01).

    Holds identifiers only, never the personal values themselves. Each row carries an
    HMAC-SHA256 of its content and of the row before it, under the key ``key_id`` names
    (``core.audit_keys``: the key lives in the environment, not in the database), so a changed,
    removed or forged row breaks the chain (``manage.py verify_audit_log``, ``core.audit_chain``).
    """

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    event = models.CharField(_("event"), max_length=50, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    client_id = models.UUIDField(_("client"), null=True, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=AuditResult.choices, default=AuditResult.OK
    )
    emergency = models.BooleanField(_("emergency access"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    # The key that signed this row; "legacy" for rows of before the keys (plain SHA-256).
    key_id = models.CharField(max_length=16, default=signing_key_id, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["client_id", "timestamp"], name="audit_client_time"),
            models.Index(fields=["actor", "timestamp"], name="audit_actor_time"),
        ]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    @property
    def actor_role_label(self) -> str:
        """The role the actor had at the time, as the interface names it."""
        from wegwijs.accounts.constants import Role

        try:
            return Role(self.actor_role).label
        except ValueError:
            return self.actor_role

    def canonical_content(self) -> str:
        """The row's content as hashed: stable key order, ISO time, ids as strings. A keyed row
        includes its key id; a legacy row is hashed exactly as before the keys."""
        content = {
            "timestamp": self.timestamp.isoformat(),
            "actor": self.actor_id,
            "actor_role": self.actor_role,
            "on_behalf_of": self.on_behalf_of,
            "action": self.action,
            "event": self.event,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "client_id": str(self.client_id) if self.client_id else None,
            "fields": self.fields,
            "result": self.result,
            "emergency": self.emergency,
            "reason": self.reason,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "request_id": self.request_id,
            "previous_hash": self.previous_hash,
        }
        if self.key_id != LEGACY_KEY_ID:
            content["key_id"] = self.key_id
        return json.dumps(content, sort_keys=True, ensure_ascii=True)

    def compute_hash(self, ring: KeyRing | None = None) -> str:
        """The hash this row must carry: HMAC-SHA256 under its key (from ``ring``, by default
        the settings' ``AUDIT_HMAC_KEYS``), or SHA-256 for a legacy row. Raises
        ``UnknownAuditKey`` when the ring does not hold the row's key."""
        if self.key_id == LEGACY_KEY_ID:
            return self.unkeyed_hash()
        key = (ring or key_ring()).key(self.key_id)
        return hmac.new(key, self.canonical_content().encode(), hashlib.sha256).hexdigest()

    def verifies(self, ring: KeyRing | None = None) -> bool:
        """Whether the stored hash is the one this row must carry (False for an unknown key)."""
        try:
            return hmac.compare_digest(self.entry_hash, self.compute_hash(ring))
        except UnknownAuditKey:
            return False

    def unkeyed_hash(self) -> str:
        """The plain SHA-256 of the content: right for a legacy row, a sign of forgery on a
        keyed one (what someone without the key computes)."""
        return hashlib.sha256(self.canonical_content().encode()).hexdigest()


class RateCounter(models.Model):
    """How often one key was hit in one fixed time window (``core.ratelimit``).

    The key is stored as a SHA-256 of scope and key, so no e-mail address or client address
    sits in this table. Rows older than a day are removed as new windows open.
    """

    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_hash", "window_start"], name="rate_counter_once")
        ]

    def __str__(self):
        return f"{self.key_hash[:12]} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
