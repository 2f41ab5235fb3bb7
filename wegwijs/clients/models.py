"""The client registry: persons with the data casework needs and no more (AVG art. 5(1)(c)).

Persons are addressed by ``public_id`` in URLs, never by pk. Which persons a user sees is
decided by ``Person.objects.visible_to(user)`` only (ARCHITECTURE.md rule 2, AC-02). Read the
BSN and V-nummer through ``wegwijs.clients.identifiers`` (one place, for DP-01 later).
"""

import datetime
import unicodedata
import uuid
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijs.clients.constants import (
    WI2021_IN_FORCE,
    AsylumDecision,
    ConsentPurpose,
    DossierRole,
    DuplicateOutcome,
    DuplicateSignalStatus,
    Gender,
    HouseholdRelation,
    InburgeringRegime,
    IndReferenceKind,
    LearningRoute,
    LegalBasis,
    ReceptionEntitlement,
)
from wegwijs.clients.identifiers import validate_bsn, validate_v_number
from wegwijs.core.periods import DateOutOfRange
from wegwijs.organisation.models import Municipality


def name_key(*parts: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: ``Müller-Öz`` ->
    ``muller oz``. Used for duplicate detection and name search on every database. A
    person's key is made of tussenvoegsel, family name and given names, in that order, so
    "van Limburg" typed whole into the family name gives the same key."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(
        char if char.isalnum() else " " for char in decomposed if not unicodedata.combining(char)
    )
    return " ".join(letters.split())


# --- reference data -------------------------------------------------------------------------


class PermitKind(models.Model):
    """A kind of residence permit; kinds and durations are data because the law changes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    asylum = models.BooleanField(_("asylum permit"), default=False)
    grants_residence = models.BooleanField(
        _("residence permit"),
        default=True,
        help_text=_(
            "Off for a document that is no residence permit, such as the W document of an "
            "asylum seeker."
        ),
    )
    default_duration_years = models.DecimalField(
        _("usual duration (years)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Empty for a permit of indefinite duration."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("residence permit kind")
        verbose_name_plural = _("residence permit kinds")

    def __str__(self):
        return self.name


class Language(models.Model):
    code = models.CharField(
        _("ISO 639 code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}(-[a-z]{2,4})?$", _("Use an ISO 639 code."))],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


# --- persons --------------------------------------------------------------------------------


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The persons ``user`` may see (AC-02): a coördinator those living in a municipality
        of one of their teams; a volunteer those assigned to them; everyone else none."""
        if not user.is_authenticated or not user.is_active or not user.can("clients.view"):
            return self.none()
        from wegwijs.accounts.constants import Role

        if user.role == Role.COORDINATOR:
            return self.filter(municipality__in=Municipality.objects.covered_by_teams_of(user))
        if user.role == Role.VRIJWILLIGER:
            return self._assigned_to(user)
        return self.none()

    def _assigned_to(self, user):
        """Persons with a trajectory on which volunteer ``user`` has a current assignment.

        The assignment model belongs to the trajectories app, which depends on this one, so it
        is looked up by name rather than imported."""
        assignments = apps.get_model("trajectories", "Assignment").objects.current()
        return self.filter(
            Exists(assignments.filter(trajectory__person=OuterRef("pk"), volunteer=user))
        )

    def for_list(self):
        """What the list page shows, in a fixed number of queries."""
        return self.select_related("municipality")


class Person(models.Model):
    """A client: a refugee or newcomer the foundation supports."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_names = models.CharField(_("given names"), max_length=100)
    surname_prefix = models.CharField(
        _("tussenvoegsel"),
        max_length=20,
        blank=True,
        help_text=_(
            'Surname prefix such as "van", "de" or "van der", apart from the family name: '
            "lists sort by the family name without it."
        ),
    )
    family_name = models.CharField(_("family name"), max_length=100)
    name_key = models.CharField(max_length=222, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    country_of_origin = CountryField(_("country of origin"), blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="speakers", verbose_name=_("languages spoken")
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter language"),
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 \-]{5,18}$", _("Enter a phone number of digits, e.g. 0612345678.")
            )
        ],
    )
    email = models.EmailField(_("e-mail address"), max_length=150, blank=True)
    street_address = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{4} ?[A-Z]{2}$", _("Enter a postcode such as 6811 AB."))],
    )
    city = models.CharField(_("place of residence"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("municipality of residence"),
    )
    arrived_on = models.DateField(_("arrival in the Netherlands"), null=True, blank=True)
    settled_on = models.DateField(
        _("settled in the municipality"),
        null=True,
        blank=True,
        help_text=_("The date the client came to live in the municipality (huisvesting)."),
    )
    permit_kind = models.ForeignKey(
        PermitKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residence permit"),
    )
    permit_start = models.DateField(
        _("permit valid from"),
        null=True,
        blank=True,
        help_text=_("An asylum permit is valid from the date of the asylum application."),
    )
    permit_granted_on = models.DateField(
        _("permit granted on"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the decision on the permit. Family reunification (nareis) counts its "
            "three months from it."
        ),
    )
    permit_end = models.DateField(
        _("permit valid until"),
        null=True,
        blank=True,
        help_text=_("Left empty, it follows from the usual duration of the permit kind."),
    )
    inburgering_regime = models.CharField(
        _("civic integration regime"),
        max_length=12,
        choices=InburgeringRegime.choices,
        default=InburgeringRegime.UNKNOWN,
    )
    inburgering_term_start = models.DateField(_("integration term starts"), null=True, blank=True)
    inburgering_term_end = models.DateField(
        _("integration term ends"),
        null=True,
        blank=True,
        help_text=_(
            "Left empty, three years after the term starts. Fill it in only when DUO extended "
            "the term."
        ),
    )
    learning_route = models.CharField(
        _("learning route"),
        max_length=10,
        choices=LearningRoute.choices,
        blank=True,
        help_text=_("Only under the Civic Integration Act 2021."),
    )
    asylum_decision = models.CharField(
        _("asylum request"),
        max_length=20,
        choices=AsylumDecision.choices,
        blank=True,
    )
    reception_entitlement = models.CharField(
        _("right to reception or housing"),
        max_length=3,
        choices=ReceptionEntitlement.choices,
        blank=True,
    )
    former_unaccompanied_minor = models.BooleanField(
        _("former unaccompanied minor (ex-AMV)"),
        default=False,
        help_text=_("Came to the Netherlands as a minor without parents."),
    )
    lives_alone = models.BooleanField(
        _("lives alone"),
        default=False,
        help_text=_("Lives on their own, without family (alleenstaand)."),
    )
    # Not unique in the database: a refused insert would tell a coördinator that a person
    # outside their caseload holds this number. ``register_person`` refuses a match in scope
    # and signals one outside it (DuplicateSignal). NULL, not "", when absent.
    v_number = models.CharField(  # noqa: DJ001
        _("V-number"),
        max_length=10,
        db_index=True,
        null=True,
        blank=True,
        validators=[validate_v_number],
        help_text=_("Foreign nationals number: 10 digits."),
    )
    bsn = models.CharField(  # noqa: DJ001
        _("BSN"),
        max_length=9,
        db_index=True,
        null=True,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Citizen service number: 9 digits. Only stored with a legal basis."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("last changed by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_names", "pk"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [models.Index(fields=["date_of_birth", "name_key"], name="person_dob_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(learning_route="") | Q(inburgering_regime=InburgeringRegime.WI2021),
                name="person_learning_route_only_wi2021",
            ),
            models.CheckConstraint(
                condition=Q(permit_end__isnull=True)
                | Q(permit_start__isnull=True)
                | Q(permit_end__gte=F("permit_start")),
                name="person_permit_period",
            ),
            models.CheckConstraint(
                condition=Q(permit_granted_on__isnull=True)
                | Q(permit_start__isnull=True)
                | Q(permit_granted_on__gte=F("permit_start")),
                name="person_permit_granted_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(inburgering_term_end__isnull=True)
                | Q(inburgering_term_start__isnull=True)
                | Q(inburgering_term_end__gte=F("inburgering_term_start")),
                name="person_inburgering_term",
            ),
            models.CheckConstraint(
                condition=Q(arrived_on__isnull=True) | Q(arrived_on__gte=F("date_of_birth")),
                name="person_born_before_arrival",
            ),
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | Q(settled_on__gte=F("date_of_birth")),
                name="person_born_before_settlement",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # A derived search key, kept in step with the names it is made of.
        self.name_key = name_key(self.surname_prefix, self.family_name, self.given_names)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("clients:detail", kwargs={"public_id": self.public_id})

    @property
    def full_name(self) -> str:
        """As it is spoken: "Jan van Limburg"."""
        return " ".join(
            part for part in (self.given_names, self.surname_prefix, self.family_name) if part
        )

    @property
    def sort_name(self) -> str:
        """As a Dutch list shows it, under the family name: "Limburg, Jan van"."""
        rest = " ".join(part for part in (self.given_names, self.surname_prefix) if part)
        return f"{self.family_name}, {rest}" if rest else self.family_name

    @property
    def regime_warning(self) -> str:
        """A warning when the recorded civic-integration regime contradicts the permit dates;
        empty when they agree or say nothing.

        The Wet inburgering 2021 applies to whoever became obliged from 1 January 2022 on and
        the 2013 act to those obliged before (facts.md §5). The obligation starts with the
        permit, so a permit granted from 2022 on means the 2021 act, one granted before it the
        2013 act. A permit is granted on or after the date it is valid from (an asylum permit
        is valid from the application), so a 'valid from' in 2022 or later already settles
        it. A warning, not a refusal: an earlier permit may have made the person obliged
        before, which Wegwijs does not know."""
        granted = self.permit_granted_on
        if self.inburgering_regime == InburgeringRegime.WI2013:
            known = granted or self.permit_start
            if known and known >= WI2021_IN_FORCE:
                return str(
                    _(
                        "The permit was granted on or after 1 January 2022, when the Civic "
                        "Integration Act 2021 came into force, yet the Civic Integration Act "
                        "2013 is recorded. Check the regime."
                    )
                )
        if (
            self.inburgering_regime == InburgeringRegime.WI2021
            and granted
            and granted < WI2021_IN_FORCE
        ):
            return str(
                _(
                    "The permit was granted before 1 January 2022; whoever became obliged to "
                    "integrate before then stays under the Civic Integration Act 2013, yet the "
                    "2021 act is recorded. Check the regime."
                )
            )
        return ""

    def clean(self):
        """The dates of one person in their natural order (IO-01) and the learning route
        only under the 2021 act."""
        super().clean()
        errors: dict[str, list] = {}
        today = timezone.localdate()

        def refuse(field, message):
            errors.setdefault(field, []).append(message)

        born = self.date_of_birth
        if born and born > today:
            refuse("date_of_birth", _("The date of birth cannot be in the future."))
        if self.arrived_on:
            if self.arrived_on > today:
                refuse("arrived_on", _("The date of arrival cannot be in the future."))
            if born and born > self.arrived_on:
                refuse("date_of_birth", _("The date of birth cannot be after the arrival."))
        if self.settled_on:
            if self.settled_on > today:
                refuse("settled_on", _("The date of settlement cannot be in the future."))
            if born and born > self.settled_on:
                refuse("date_of_birth", _("The date of birth cannot be after the settlement."))
            if self.arrived_on and self.arrived_on > self.settled_on:
                refuse(
                    "settled_on",
                    _("The settlement in the municipality cannot be before the arrival."),
                )
        if self.permit_start and self.permit_end and self.permit_end < self.permit_start:
            refuse("permit_end", _("The permit cannot end before it starts."))
        if self.permit_granted_on:
            if self.permit_granted_on > today:
                refuse("permit_granted_on", _("The permit cannot be granted in the future."))
            if self.permit_start and self.permit_granted_on < self.permit_start:
                refuse(
                    "permit_granted_on",
                    _(
                        "The permit cannot be granted before the date it is valid from; an "
                        "asylum permit is valid from the application, granted later."
                    ),
                )
        if (
            self.inburgering_term_start
            and self.inburgering_term_end
            and self.inburgering_term_end < self.inburgering_term_start
        ):
            refuse("inburgering_term_end", _("The integration term cannot end before it starts."))
        if self.learning_route and self.inburgering_regime != InburgeringRegime.WI2021:
            refuse(
                "learning_route",
                _("A learning route exists only under the Civic Integration Act 2021."),
            )
        if self.interpreter_language_id and not self.interpreter_needed:
            refuse(
                "interpreter_language",
                _("Choose an interpreter language only when an interpreter is needed."),
            )
        if errors:
            raise ValidationError(errors)


class IndReference(models.Model):
    """An IND reference of a person: opaque text with its kind (facts.md §4)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="ind_references", verbose_name=_("client")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=IndReferenceKind.choices)
    value = models.CharField(_("reference"), max_length=40)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("IND reference")
        verbose_name_plural = _("IND references")
        # Unique per person only: a constraint across persons would refuse a reference held
        # by a client outside the caseload, and so confirm it (services.add_ind_reference).
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="ind_reference_unique_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"

    def clean(self):
        super().clean()
        if self.kind == IndReferenceKind.V_NUMMER:
            validate_v_number(self.value)


class IndDossierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dossiers with at least one member ``user`` may see."""
        persons = Person.objects.visible_to(user)
        return self.filter(members__person__in=persons).distinct()


class IndDossier(models.Model):
    """One IND case tying persons together, e.g. a family reunification (nareis)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("dossier number"),
        max_length=40,
        unique=True,
        help_text=_("As the IND writes it; often the V-number of the main applicant."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=IndReferenceKind.choices,
        default=IndReferenceKind.ZAAKNUMMER,
    )
    notes = models.TextField(_("notes"), max_length=1000, blank=True)

    objects = IndDossierQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("IND dossier")
        verbose_name_plural = _("IND dossiers")

    def __str__(self):
        return self.reference


class IndDossierMember(models.Model):
    dossier = models.ForeignKey(
        IndDossier, on_delete=models.CASCADE, related_name="members", verbose_name=_("dossier")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="dossier_memberships",
        verbose_name=_("client"),
    )
    role = models.CharField(_("role"), max_length=15, choices=DossierRole.choices)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("dossier member")
        verbose_name_plural = _("dossier members")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "person"], name="dossier_member_once"),
        ]

    def __str__(self):
        return f"{self.dossier}: {self.get_role_display()}"


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Households with at least one member ``user`` may see."""
        persons = Person.objects.visible_to(user)
        return self.filter(members__person__in=persons).distinct()


class Household(models.Model):
    """A sociale eenheid: the persons who live together as one household."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.name or str(_("household"))


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="household_membership",
        verbose_name=_("client"),
        help_text=_("A person belongs to one household at a time."),
    )
    relation = models.CharField(_("relation"), max_length=10, choices=HouseholdRelation.choices)

    class Meta:
        ordering = ["relation", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self):
        return f"{self.household}: {self.get_relation_display()}"


class Consent(models.Model):
    """What the client agreed to share with whom, on which legal basis (PRIV-03)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    recipient = models.CharField(
        _("recipient"),
        max_length=150,
        blank=True,
        help_text=_("With whom the data is shared, e.g. the municipality of Arnhem."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    text_version = models.CharField(
        _("version of the consent text"),
        max_length=30,
        blank=True,
        help_text=_("Which version of the text the client was shown, e.g. 2026-01."),
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            raise ValidationError({"given_on": _("The date cannot be in the future.")})
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError(
                {"withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
            )


# --- duplicate signals ----------------------------------------------------------------------


class DuplicateSignalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The privacy officer sees every signal; a coördinator those about a client of their
        teams (the matching person), never those they raised themselves; everyone else none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.can("audit.view"):
            return self
        if user.can("clients.manage"):
            return self.filter(
                matching_person__municipality__in=Municipality.objects.covered_by_teams_of(user)
            ).exclude(asked_by=user)
        return self.none()

    def open(self):
        return self.filter(status=DuplicateSignalStatus.OPEN)


class DuplicateSignal(models.Model):
    """A registration or change that matched a client outside the asker's caseload.

    The asker is not told (the duplicate check is no oracle, AC-02); this row tells the
    coördinators of the matching client's teams and the privacy officer instead. It holds
    the two persons (their ``public_id`` is the pseudo-id shown), who asked, and the *names*
    of the keys that matched, never their values.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="duplicate_signals_raised",
        verbose_name=_("client registered or changed"),
    )
    matching_person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="duplicate_signals",
        verbose_name=_("matching client"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    reasons = models.JSONField(_("matched on"), default=list)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DuplicateSignalStatus.choices,
        default=DuplicateSignalStatus.OPEN,
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=DuplicateOutcome.choices, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = DuplicateSignalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("duplicate signal")
        verbose_name_plural = _("duplicate signals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DuplicateSignalStatus.OPEN, outcome="")
                | (
                    Q(status=DuplicateSignalStatus.RESOLVED, resolved_at__isnull=False)
                    & ~Q(outcome="")
                ),
                name="duplicate_signal_resolved_with_outcome",
            ),
        ]

    def __str__(self):
        return str(self.public_id)


def add_years(day: datetime.date, years) -> datetime.date:
    """``day`` plus a (possibly fractional) number of years, in whole months; the 29th of
    February and month ends fall back to the last day of the month. ``DateOutOfRange``
    past the ends of the calendar."""
    months = int((Decimal(years) * 12).to_integral_value())
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise DateOutOfRange  # a DomainError: the service's caller gets a message
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
