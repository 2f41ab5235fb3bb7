import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from wegwijs.accounts import recovery
from wegwijs.accounts.capabilities import PERSONAL_DATA_ROLES, capabilities_of, role_can
from wegwijs.accounts.constants import AccountChangeKind, AccountChangeStatus, Role
from wegwijs.organisation.models import Location, Municipality


class Team(models.Model):
    """The team of one branch (vestiging), covering one or more municipalities."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    location = models.OneToOneField(
        Location, on_delete=models.PROTECT, related_name="team", verbose_name=_("location")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="teams", verbose_name=_("municipalities covered")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff accounts a user may see: all for the beheerder and the privacy officer (who
        reviews everyone's access), the own teams for a coördinator, only themselves otherwise."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.can("accounts.manage_users") or user.can("audit.view"):
            return self
        if user.role == Role.COORDINATOR:
            return self.filter(Q(teams__in=user.teams.all()) | Q(pk=user.pk)).distinct()
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.BEHEERDER)
        fields.setdefault("is_superuser", True)
        fields.setdefault("full_name", email.split("@")[0])
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A personal account (no group accounts): login by e-mail, one role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    teams = models.ManyToManyField(
        Team, blank=True, related_name="members", verbose_name=_("teams")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("municipality"),
        help_text=_("Only for a municipal contact: the one municipality they represent."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.GEMEENTECONTACT) & Q(municipality__isnull=False))
                | (~Q(role=Role.GEMEENTECONTACT) & Q(municipality__isnull=True)),
                name="user_municipality_only_for_gemeentecontact",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        self.email = self.email.lower()
        if self.role == Role.GEMEENTECONTACT and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("A municipal contact belongs to exactly one municipality.")}
            )
        if self.role != Role.GEMEENTECONTACT and self.municipality_id:
            raise ValidationError(
                {"municipality": _("Only a municipal contact is tied to a municipality.")}
            )

    def can(self, capability: str) -> bool:
        return self.is_active and role_can(self.role, capability)

    @property
    def capabilities(self) -> frozenset[str]:
        return capabilities_of(self.role) if self.is_active else frozenset()

    @property
    def sees_personal_data(self) -> bool:
        return self.role in PERSONAL_DATA_ROLES

    @property
    def is_staff(self) -> bool:
        """Only the beheerder uses Django's admin, for reference data."""
        return self.can("admin.use")

    def has_perm(self, perm, obj=None):
        # The admin is the beheerder's tool for reference data; everything else is decided by
        # capabilities, not by Django's per-model permission rows.
        return self.can("admin.use") or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self.can("admin.use") or super().has_module_perms(app_label)


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's set of one-time recovery codes, as a django-otp device (AUTH-01).

    Why a ``Device`` and not a plain table of codes: logging in with a recovery code must leave
    the session verified exactly like a code from the app does, and django-otp records that as
    the verifying device (``django_otp.login(request, device)``, re-read on every request by
    ``OTPMiddleware``). As a device the recovery codes also get django-otp's throttling
    (``ThrottlingMixin``: wrong codes make the device refuse for 1, 2, 4, 8 ... seconds) and its
    ``verify_is_allowed``/``verify_token`` contract, which the login view already speaks.

    The codes themselves are ``RecoveryCode`` rows holding only an HMAC of the code
    (``wegwijs.accounts.recovery``). One device per user; a new set replaces the old codes.
    """

    class Meta:
        verbose_name = _("recovery code set")
        verbose_name_plural = _("recovery code sets")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="recovery_code_device_one_per_user"),
        ]

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        """Accept ``token`` if it is one of this user's unused codes, and use it up.

        The unused codes are locked (``select_for_update``) and the match is marked used in the
        same transaction, so one code cannot log in twice, not even in two parallel requests.
        Every unused hash is compared in constant time. A miss counts towards throttling.
        """
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        candidates = recovery.candidate_hashes(token)
        with transaction.atomic():
            match = None
            for code in self.codes.select_for_update().filter(used_at__isnull=True):
                if recovery.matches(code.code_hash, candidates) and match is None:
                    match = code
            if match is None:
                self.throttle_increment()
                return False
            match.used_at = timezone.now()
            match.save(update_fields=["used_at"])
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        return True


class RecoveryCode(models.Model):
    """One recovery code, stored only as a keyed hash; it works once."""

    device = models.ForeignKey(
        RecoveryCodeDevice,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name=_("recovery code set"),
    )
    code_hash = models.CharField(
        _("code hash"),
        max_length=64,
        help_text=_("HMAC-SHA256 of the code; the code itself is never stored."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_at = models.DateTimeField(
        _("used at"),
        null=True,
        blank=True,
        help_text=_("When the code was used to log in; a used code no longer works."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "code_hash"], name="recovery_code_unique_per_set"
            ),
        ]

    def __str__(self):
        return f"{self.device} #{self.pk}"


class AccountChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        """Requests nobody has decided on yet and that have not expired."""
        return self.filter(status=AccountChangeStatus.PENDING, expires_at__gt=timezone.now())


class AccountChangeRequest(models.Model):
    """A change to someone's account that needs a second person (the four-eyes rule).

    Resetting a second factor, changing a role to or from one that sees personal data, and
    enabling an account with such a role take effect only when an authorised person other than
    the requester and the account holder approves, before ``expires_at``. The services in
    ``wegwijs.accounts.services`` make, approve and reject these; the values asked for are kept
    here until then.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=AccountChangeKind.choices)
    target = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("account"),
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    # For a role change: the role at the time of the request and the one asked for.
    previous_role = models.CharField(
        _("previous role"), max_length=20, choices=Role.choices, blank=True
    )
    role = models.CharField(_("new role"), max_length=20, choices=Role.choices, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccountChangeStatus.choices,
        default=AccountChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = AccountChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("account change request")
        verbose_name_plural = _("account change requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=models.F("target")),
                name="account_change_not_requested_by_target",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=models.F("requested_by")) & ~Q(decided_by=models.F("target")))
                | Q(status=AccountChangeStatus.REJECTED, decided_by=models.F("requested_by")),
                name="account_change_decided_by_another_person",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class UserSession(models.Model):
    """Which sessions a user has open, so they can see them and end the others (SESS-02).

    Created at login (``signals.on_login``); ``UserSessionMiddleware`` follows the session key
    when it changes (after the second factor, after a password change). The session itself stays
    in Django's session table; a row here whose session has ended is stale and is removed when
    the sessions are listed or ended.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("logged in at"), default=timezone.now)
    browser = models.CharField(
        _("browser"),
        max_length=60,
        blank=True,
        help_text=_("A short description such as 'Firefox on Windows', not the full header."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
