"""Volunteers: their profile, screening (VOG, confidentiality agreement), roles, languages,
municipalities, availability and trainings.

Which profiles a user sees is decided by ``VolunteerProfile.objects.visible_to(user)``. This app
sits below ``trajectories``: it never imports it at module level.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.clients.models import Language
from wegwijs.organisation.models import Location, Municipality
from wegwijs.volunteers.constants import (
    DAY_PARTS,
    LanguageLevel,
    SupervisionKind,
    VolunteerStatus,
)

USER = settings.AUTH_USER_MODEL


def validate_day_parts(value):
    if not isinstance(value, list) or any(part not in DAY_PARTS for part in value):
        raise ValidationError(_("Availability must be a list of known day parts."))


class TrainingKind(models.Model):
    """A training a volunteer can follow (reference data, editable by the beheerder)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training kind")
        verbose_name_plural = _("training kinds")

    def __str__(self):
        return self.name


class VolunteerRole(models.Model):
    """A role a volunteer can take (reference data). ``code`` equals the assignment role of a
    trajectory where the role is one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    requires_training = models.ForeignKey(
        TrainingKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requires training"),
        help_text=_("The training a volunteer needs before taking this role, if any."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")

    def __str__(self):
        return self.name


class VolunteerProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles a user may see: a coördinator those of volunteers in their teams, the
        beheerder all, a volunteer only their own, nobody else any."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.BEHEERDER:
            return self
        if user.role == Role.COORDINATOR:
            return self.filter(user__teams__in=user.teams.all()).distinct()
        if user.role == Role.VRIJWILLIGER:
            return self.filter(user=user)
        return self.none()

    def active(self):
        return self.filter(status=VolunteerStatus.ACTIVE, user__is_active=True)

    def vog_expiring(self, *, on: date, within_days: int):
        """Active or in-training volunteers whose VOG runs out within ``within_days`` days
        after ``on`` (or has already run out). One query."""
        from wegwijs.volunteers.services import vog_issued_cutoff

        latest = vog_issued_cutoff(on=on, within_days=within_days)
        return self.filter(
            status__in=[VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING],
            vog_issued_on__isnull=False,
            vog_issued_on__lte=latest,
        )


class VolunteerProfile(models.Model):
    """The volunteer behind a user account with the vrijwilliger role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        USER,
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
        verbose_name=_("account"),
        limit_choices_to={"role": Role.VRIJWILLIGER},
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.APPLICANT,
    )
    roles = models.ManyToManyField(
        VolunteerRole, blank=True, related_name="volunteers", verbose_name=_("roles")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="volunteers", verbose_name=_("municipalities")
    )
    locations = models.ManyToManyField(
        Location, blank=True, related_name="volunteers", verbose_name=_("locations")
    )
    availability = models.JSONField(
        _("availability"),
        default=list,
        blank=True,
        validators=[validate_day_parts],
        help_text=_("The day parts of the week the volunteer is available."),
    )
    max_clients = models.PositiveSmallIntegerField(_("maximum number of clients"), default=2)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    begeleider = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_volunteers",
        verbose_name=_("responsible professional"),
        limit_choices_to={"role": Role.COORDINATOR},
    )
    vog_issued_on = models.DateField(
        _("VOG issued on"),
        null=True,
        blank=True,
        help_text=_("Only the date of the certificate of conduct is kept, never its content."),
    )
    confidentiality_signed_on = models.DateField(
        _("confidentiality agreement signed on"), null=True, blank=True
    )

    objects = VolunteerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_clients__lte=50), name="volunteer_max_clients_sane"
            ),
        ]

    def __str__(self):
        return str(self.user)

    def clean(self):
        if self.user_id and self.user.role != Role.VRIJWILLIGER:
            raise ValidationError({"user": _("Only an account with the volunteer role.")})


class VolunteerLanguage(models.Model):
    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["language__name"]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="volunteer_language_once"),
        ]

    def __str__(self):
        return f"{self.language} ({self.get_level_display()})"


class Training(models.Model):
    """A training a volunteer completed."""

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="trainings"
    )
    kind = models.ForeignKey(
        TrainingKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("training")
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training followed")
        verbose_name_plural = _("trainings followed")

    def __str__(self):
        return f"{self.kind} ({self.completed_on})"


class SupervisionMeeting(models.Model):
    """A supervision meeting held by a professional with one volunteer (werkbegeleiding) or
    several (intervisie). The notes are about the volunteers' work: no client data."""

    kind = models.CharField(_("kind"), max_length=20, choices=SupervisionKind.choices)
    date = models.DateField(_("date"))
    held_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("held by"),
        limit_choices_to={"role": Role.COORDINATOR},
    )
    volunteers = models.ManyToManyField(
        VolunteerProfile, related_name="supervision_meetings", verbose_name=_("volunteers")
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("supervision meeting")
        verbose_name_plural = _("supervision meetings")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"
