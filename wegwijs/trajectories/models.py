"""Individual trajectories: one client (with household or IND dossier) in one product under one
contract line, with its lifecycle, checklist, milestones, volunteers and contact moments.

Which trajectories a user sees is decided by ``Trajectory.objects.visible_to(user)``: a
coördinator those of clients living in their teams' municipalities, a volunteer those they are
assigned to, nobody else any. Persons are reached through ``clients.Person.objects.visible_to``,
which follows the assignments defined here.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.catalog.models import Product, Tariff
from wegwijs.clients.constants import InburgeringRegime
from wegwijs.clients.models import Household, IndDossier, Person
from wegwijs.contracts.models import ContractLine
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories.constants import (
    Anchor,
    AssignmentRole,
    ContactForm,
    EvaluationKind,
    FamilyOutcome,
    GoalStatus,
    HoursActivity,
    HoursCapacity,
    IndOutcome,
    ItemKind,
    OutcomeDate,
    Outflow,
    SensitiveKind,
    TrajectoryStatus,
)

USER = settings.AUTH_USER_MODEL


class ItemTemplate(models.Model):
    """A checklist item or milestone every trajectory of a product gets (rule 1: data).

    Its due date is ``anchor + offset_months + offset_days``; ``regimes`` limits it to clients
    under those civic-integration regimes, ``resettled_only``/``not_resettled`` to resettled
    refugees (hervestigers) or the others.
    """

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="item_templates", verbose_name=_("product")
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices)
    offset_months = models.DecimalField(
        _("months after"), max_digits=5, decimal_places=1, default=0
    )
    offset_days = models.IntegerField(_("days after"), default=0)
    regimes = models.JSONField(
        _("only under regimes"),
        default=list,
        blank=True,
        help_text=_("Civic-integration regimes this applies to; empty for all."),
    )
    resettled = models.BooleanField(
        _("only for resettled refugees"),
        null=True,
        blank=True,
        help_text=_("Yes: only hervestigers; no: only the others; empty: everyone."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    outcome_field = models.CharField(
        _("outcome date"),
        max_length=50,
        choices=OutcomeDate.choices,
        blank=True,
        help_text=_(
            "The outcome date this item stands for: marking it done records that date in "
            "the outcome, and the other way round."
        ),
    )

    class Meta:
        ordering = ["product", "order", "code"]
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="item_template_code_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def has_due_date(self) -> bool:
        """False for an item no source gives a term for (``Anchor.NONE``)."""
        return self.anchor != Anchor.NONE


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The trajectories ``user`` may see (AC-02)."""
        if not user.is_authenticated or not user.is_active or not user.can("trajectories.view"):
            return self.none()
        if user.role == Role.COORDINATOR:
            return self.filter(
                person__municipality__in=Municipality.objects.covered_by_teams_of(user)
            )
        if user.role == Role.VRIJWILLIGER:
            return self.assigned_to(user)
        return self.none()

    def assigned_to(self, user):
        """Trajectories with a current assignment of volunteer ``user``."""
        return self.filter(
            Exists(Assignment.objects.current().filter(trajectory=OuterRef("pk"), volunteer=user))
        )

    def open(self):
        return self.exclude(status=TrajectoryStatus.CLOSED)

    def with_regime_missing(self):
        """Annotate ``regime_missing``: the product has items bound to a civic-integration
        regime (VIP 18, VIP Jongeren, VI 8: the inburgering choice or the PIP) and the
        client's regime is unknown, so neither item exists yet. The work lists show it as a
        to-do instead of dropping the deadline without a word."""
        bound = ItemTemplate.objects.filter(product=OuterRef("product")).exclude(regimes=[])
        return self.annotate(
            regime_missing=Case(
                When(
                    Exists(bound),
                    person__inburgering_regime=InburgeringRegime.UNKNOWN,
                    then=Value(True),
                ),
                default=Value(False),
            )
        )

    def for_list(self):
        """What the work lists show, in a fixed number of queries whatever the row count."""
        return self.select_related(
            "person", "person__municipality", "product", "responsible"
        ).order_by("planned_end_date", "pk")


class Trajectory(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("product")
    )
    contract_line = models.ForeignKey(
        ContractLine,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("contract line"),
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, related_name="+", verbose_name=_("tariff")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("client")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("household"),
    )
    ind_dossier = models.ForeignKey(
        IndDossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("IND dossier"),
    )
    resettled = models.BooleanField(
        _("resettled refugee (hervestiger)"),
        default=False,
        help_text=_("Came directly from Schiphol; the home must be ready before arrival."),
    )
    responsible = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="responsible_for",
        verbose_name=_("responsible coordinator"),
        limit_choices_to={"role": Role.COORDINATOR},
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.REGISTERED,
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=50, blank=True)
    current_phase = models.CharField(_("current phase"), max_length=50, blank=True)
    key_date = models.DateField(_("key handover"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival in the home"), null=True, blank=True)
    # A coördinator may open the trajectory although the client file records no residence
    # permit, with a reason (e.g. the permit is expected); eligibility.OVERRIDABLE.
    eligibility_override_reason = models.TextField(
        _("reason for opening without a recorded permit"), max_length=500, blank=True
    )
    eligibility_override_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("permit requirement set aside by"),
    )
    eligibility_override_at = models.DateTimeField(
        _("permit requirement set aside at"), null=True, blank=True, editable=False
    )
    beyond_contracted_quantity = models.BooleanField(
        _("opened beyond the contracted quantity"),
        default=False,
        editable=False,
        help_text=_("Confirmed at opening, when the contract line's quantity was used up."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        indexes = [
            models.Index(fields=["status", "planned_end_date"], name="trajectory_status_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="trajectory_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(status=TrajectoryStatus.CLOSED) & Q(end_date__isnull=False))
                | (~Q(status=TrajectoryStatus.CLOSED) & Q(end_date__isnull=True)),
                name="trajectory_end_date_iff_closed",
            ),
        ]

    def __str__(self):
        return f"{self.product.name} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        """Housing (UH-HV): the client moves in on or after the key handover."""
        super().clean()
        if self.key_date and self.arrival_date and self.arrival_date < self.key_date:
            raise ValidationError(
                {"arrival_date": _("The move-in date lies before the key handover.")},
                code="arrival_before_key_date",
            )

    @property
    def is_closed(self) -> bool:
        return self.status == TrajectoryStatus.CLOSED

    def closing_reason_label(self) -> str:
        for reason in self.product.closing_reasons:
            if reason.get("code") == self.closing_reason:
                return reason.get("name", self.closing_reason)
        return self.closing_reason


class StatusChange(models.Model):
    """Who moved a trajectory to which status, and when."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=12, choices=TrajectoryStatus.choices)
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_status_display()} {self.changed_at:%Y-%m-%d %H:%M}"


class AssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments in force on ``on`` (today): started, and not ended. ``ended_on`` is the
        first day without access, so ending an assignment today takes the access away at once."""
        day = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)


class Assignment(models.Model):
    """A volunteer working on a trajectory, in a role."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("volunteer"),
        limit_choices_to={"role": Role.VRIJWILLIGER},
    )
    role = models.CharField(_("role"), max_length=20, choices=AssignmentRole.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.volunteer}"


class ChecklistItem(models.Model):
    """One item of a trajectory's checklist or one milestone, due date derived from its
    template; recomputed when an anchor date changes."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="checklist_items"
    )
    template = models.ForeignKey(
        ItemTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "template__order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "template"], name="checklist_item_once_per_trajectory"
            ),
            models.CheckConstraint(
                condition=(Q(done_on__isnull=True) & Q(done_by__isnull=True))
                | (Q(done_on__isnull=False) & Q(done_by__isnull=False)),
                name="checklist_item_done_with_whom",
            ),
        ]

    def __str__(self):
        return self.template.name


class ContactMoment(models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="contact_moments"
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    form = models.CharField(_("form"), max_length=20, choices=ContactForm.choices)
    note = models.CharField(_("short note"), max_length=500, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=24 * 60),
                name="contact_duration_range",
            )
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.date:%d-%m-%Y}"


class TimeEntry(models.Model):
    """Hours given, by a volunteer or a professional. ``capacity`` is fixed from the author's
    role when the entry is made, so volunteer hours stay apart from professional hours. An
    entry may belong to a trajectory (it then counts for that product and municipality) or
    to none (a training, a desk shift)."""

    by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("by")
    )
    capacity = models.CharField(_("capacity"), max_length=12, choices=HoursCapacity.choices)
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    activity = models.CharField(_("activity"), max_length=20, choices=HoursActivity.choices)
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("trajectory"),
    )
    note = models.CharField(
        _("short note"),
        max_length=200,
        blank=True,
        help_text=_("What the time was spent on, without personal data."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=24 * 60),
                name="time_entry_minutes_range",
            )
        ]
        indexes = [models.Index(fields=["by", "date"])]

    def __str__(self):
        return f"{self.get_activity_display()} {self.date:%d-%m-%Y} ({self.minutes} min)"


class SensitiveNote(models.Model):
    """The VluchtVerhaalAnalyse and the legal action plan: readable only by the responsible
    coördinator and the assigned legal volunteer (see ``readable_by``)."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="sensitive_notes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SensitiveKind.choices)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("sensitive note")
        verbose_name_plural = _("sensitive notes")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind"], name="sensitive_note_once")
        ]

    def __str__(self):
        return self.get_kind_display()

    @staticmethod
    def readable_by(trajectory: Trajectory, user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        if user.pk == trajectory.responsible_id:
            return True
        return (
            trajectory.assignments.current()
            .filter(volunteer=user, role=AssignmentRole.LEGAL)
            .exists()
        )


class PhaseChange(models.Model):
    """Who moved a trajectory to which methodology phase (HADAE/CODAE), and when."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.CharField(_("phase"), max_length=50)
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.phase} {self.changed_at:%Y-%m-%d %H:%M}"


class PlanDomain(models.Model):
    """A life domain a product's trajectory plan sets goals in (rule 1: data, from
    ``fixtures/plans.yaml``). Products without domains set goals without one."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="plan_domains", verbose_name=_("product")
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["product", "order", "code"]
        verbose_name = _("plan domain")
        verbose_name_plural = _("plan domains")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="plan_domain_code_unique")
        ]

    def __str__(self):
        return self.name


class ProductOutcomeFields(models.Model):
    """Which fields of ``TrajectoryOutcome`` a product's trajectories record (rule 1: the
    product's outcomes are data, from ``fixtures/plans.yaml``)."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="outcome_fields", verbose_name=_("product")
    )
    fields = models.JSONField(
        _("outcome fields"),
        default=list,
        blank=True,
        help_text=_("Names of the outcome fields this product records, in this order."),
    )

    class Meta:
        verbose_name = _("product outcome fields")
        verbose_name_plural = _("product outcome fields")

    def __str__(self):
        return str(self.product)

    def clean(self):
        fields = self.fields if isinstance(self.fields, list) else None
        if fields is None or set(fields) - set(OUTCOME_FIELDS) or len(set(fields)) != len(fields):
            raise ValidationError(
                {
                    "fields": _("Give a list of distinct outcome fields out of: %(names)s.")
                    % {"names": ", ".join(OUTCOME_FIELDS)}
                }
            )


class PlanGoal(models.Model):
    """One goal of the trajectory plan (trajectplan), in a domain where the product has them."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(
        PlanDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domain"),
    )
    description = models.CharField(_("goal"), max_length=500)
    agreed_on = models.DateField(_("agreed on"))
    status = models.CharField(
        _("result"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    result_note = models.CharField(_("result note"), max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["domain__order", "agreed_on", "pk"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self):
        return self.description


class Evaluation(models.Model):
    """A periodic evaluation of the trajectory, or the one final evaluation."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="evaluations")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    summary = models.TextField(_("summary"), max_length=4000)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(kind=EvaluationKind.FINAL),
                name="evaluation_one_final",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"


class TrajectoryOutcome(models.Model):
    """What a trajectory achieved, as the product's indicators need it. Which fields a product
    uses is data (``ProductOutcomeFields``); the others stay empty."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="outcome")
    housed_persons = models.PositiveSmallIntegerField(_("persons housed"), null=True, blank=True)
    housed_units = models.PositiveSmallIntegerField(
        _("social units housed"),
        null=True,
        blank=True,
        help_text=_("Households (sociale eenheden) housed together."),
    )
    ind_outcome = models.CharField(
        _("outcome of the IND dossier"), max_length=20, choices=IndOutcome.choices, blank=True
    )
    application_date = models.DateField(_("application date"), null=True, blank=True)
    fund_used = models.BooleanField(_("a fund was used"), null=True, blank=True)
    family_outcome = models.CharField(
        _("outcome of the family reunification"),
        max_length=10,
        choices=FamilyOutcome.choices,
        blank=True,
    )
    persons_reunited = models.PositiveSmallIntegerField(
        _("persons reunited"), null=True, blank=True
    )
    learning_questions = models.TextField(_("learning questions"), max_length=2000, blank=True)
    certificate_issued = models.BooleanField(_("end certificate issued"), null=True, blank=True)
    modules_followed = models.TextField(_("modules followed"), max_length=2000, blank=True)
    outflow = models.CharField(_("outflow"), max_length=20, choices=Outflow.choices, blank=True)
    inburgering_choice = models.CharField(_("inburgering choice"), max_length=200, blank=True)
    participation_declaration_signed_on = models.DateField(
        _("participation declaration signed on"), null=True, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("trajectory outcome")
        verbose_name_plural = _("trajectory outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(persons_reunited__isnull=True) | Q(persons_reunited__lte=50),
                name="outcome_persons_reunited_max",
            )
        ]

    def __str__(self):
        return str(self.trajectory)


# The fields of TrajectoryOutcome a product may list in plans.yaml.
OUTCOME_FIELDS = [
    "housed_persons",
    "housed_units",
    "ind_outcome",
    "application_date",
    "fund_used",
    "family_outcome",
    "persons_reunited",
    "learning_questions",
    "certificate_issued",
    "modules_followed",
    "outflow",
    "inburgering_choice",
    "participation_declaration_signed_on",
]
