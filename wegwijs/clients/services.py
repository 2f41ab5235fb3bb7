"""Changes to the client registry: the one path for each (STYLE.md "Writes go through services").

Each service checks everything before it writes, writes inside one transaction, and ends with
an entry in the access log that names the changed *fields*, never their values (LOG-01).
``request``, where given, only supplies the origin (address, browser) of that entry.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegwijs.clients import duplicates, identifiers
from wegwijs.clients.constants import (
    INBURGERING_TERM_YEARS,
    DossierRole,
    DuplicateOutcome,
    DuplicateSignalStatus,
    HouseholdRelation,
    IndReferenceKind,
)
from wegwijs.clients.models import (
    Consent,
    DuplicateSignal,
    Household,
    HouseholdMember,
    IndDossier,
    IndDossierMember,
    IndReference,
    Person,
    add_years,
)
from wegwijs.clients.selectors import DuplicateMatch
from wegwijs.clients.signals import KEY_DATE_FIELDS, person_key_dates_changed
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.core.periods import DateOutOfRange
from wegwijs.organisation.models import Municipality

# The fields of a person a service may set from outside; everything else is kept by the system.
PERSON_FIELDS = (
    "given_names",
    "surname_prefix",
    "family_name",
    "date_of_birth",
    "gender",
    "nationality",
    "country_of_origin",
    "interpreter_needed",
    "interpreter_language",
    "phone",
    "email",
    "street_address",
    "postcode",
    "city",
    "municipality",
    "arrived_on",
    "settled_on",
    "permit_kind",
    "permit_start",
    "permit_granted_on",
    "permit_end",
    "inburgering_regime",
    "inburgering_term_start",
    "inburgering_term_end",
    "learning_route",
    "asylum_decision",
    "reception_entitlement",
    "former_unaccompanied_minor",
    "lives_alone",
    "v_number",
    "bsn",
)


class PossibleDuplicates(DomainError):
    """A person like this may already be registered. ``visible`` lists the matches the user
    may see; matches outside their caseload are never mentioned, not even counted (AC-02)."""

    def __init__(self, *, visible: list[DuplicateMatch], blocking: bool):
        if blocking:
            message = _(
                "A client with this BSN or V-number is already registered. "
                "A second file cannot be made for the same person."
            )
        else:
            message = _(
                "There may already be a file for this person. Check the possible duplicates; "
                "if this is a different person, confirm that and save again."
            )
        super().__init__(message, code="duplicate")
        self.visible = visible
        self.blocking = blocking


def _validated(instance, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's own rules; their messages become a DomainError."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="invalid") from error


def _with_normalised_identifiers(values: Mapping[str, Any]) -> dict:
    """``values`` with a BSN or V-nummer as typed ("123 456 782", "1234.567.890") reduced to
    its digits; the model's validators then check those."""
    values = dict(values)
    if values.get("bsn"):
        values["bsn"] = identifiers.normalize_bsn(values["bsn"]) or None
    if values.get("v_number"):
        values["v_number"] = identifiers.normalize_v_number(values["v_number"]) or None
    return values


def _require_scope(actor, municipality: Municipality) -> None:
    if not Municipality.objects.covered_by_teams_of(actor).filter(pk=municipality.pk).exists():
        raise DomainError(
            _("You can only register clients in a municipality of your own team."),
            code="out_of_scope",
        )


def _with_default_permit_end(values: dict) -> dict:
    kind = values.get("permit_kind")
    if (
        kind is not None
        and values.get("permit_start")
        and not values.get("permit_end")
        and kind.default_duration_years
    ):
        try:
            values["permit_end"] = add_years(values["permit_start"], kind.default_duration_years)
        except DateOutOfRange as error:
            raise DomainError(
                _("The permit's end cannot be computed from this start date; check the date."),
                code="date_out_of_range",
            ) from error
    return values


def _term_end(*, start, end, old_start=None, old_end=None) -> datetime.date | None:
    """The end of the integration term: three years after its start (both acts), unless an
    end other than the derived one was entered (an extension by DUO). An end that was the
    derived one follows a changed start."""
    if start is None:
        return end
    derived_before = old_start is not None and old_end == add_years(
        old_start, INBURGERING_TERM_YEARS
    )
    if end is None or (end == old_end and derived_before):
        return add_years(start, INBURGERING_TERM_YEARS)
    return end


def register_person(
    *,
    data: Mapping[str, Any],
    actor,
    confirmed_not_duplicate: bool = False,
    request=None,
) -> Person:
    """Register a new client. Refused with ``PossibleDuplicates`` when a person the user may
    see has the same BSN or V-nummer (always), or the same names and date of birth (unless
    the user confirmed this is a different person). A match outside the user's caseload is
    not told: the registration goes on as without it and the other side gets a signal
    (``duplicates``, AC-02). Every check is logged and counted per user; over the limit
    nothing is written but the log entry."""
    values = _with_default_permit_end(
        _with_normalised_identifiers({k: data[k] for k in PERSON_FIELDS if k in data})
    )
    if values.get("inburgering_term_start"):
        values["inburgering_term_end"] = _term_end(
            start=values["inburgering_term_start"], end=values.get("inburgering_term_end")
        )
    _require_scope(actor, values["municipality"])
    now = timezone.now()
    person = Person(**values, created_by=actor, updated_by=actor, created_at=now, updated_at=now)
    _validated(person)
    identity = {
        "given_names": values.get("given_names", ""),
        "surname_prefix": values.get("surname_prefix", ""),
        "family_name": values.get("family_name", ""),
        "date_of_birth": values.get("date_of_birth"),
        "bsn": values.get("bsn"),
        "v_number": values.get("v_number"),
    }
    refusal = None
    # The refusals are raised after this block, so the check's log entry and count stay.
    with transaction.atomic():
        duplicates.lock_identity(**identity)
        try:
            found = duplicates.check(actor=actor, request=request, **identity)
        except DomainError as error:
            refusal = error
        else:
            if found.shown and (found.blocking or not confirmed_not_duplicate):
                refusal = PossibleDuplicates(visible=found.shown, blocking=found.blocking)
            else:
                person.save()
                languages = list(data.get("languages") or [])
                person.languages.set(languages)
                filled = [name for name, value in values.items() if value not in (None, "", False)]
                audit.record(
                    request,
                    action=AuditAction.CREATE,
                    actor=actor,
                    obj=person,
                    client_id=person.public_id,
                    fields=filled + (["languages"] if languages else []),
                )
                duplicates.signal(person=person, hidden=found.hidden, actor=actor, request=request)
    if refusal is not None:
        raise refusal
    return person


def _conflict(current: Person) -> DomainError:
    last_change = (
        AuditEntry.objects.filter(
            object_type=Person._meta.label_lower,
            object_id=str(current.public_id),
            action=AuditAction.UPDATE,
        )
        .order_by("-id")
        .first()
    )
    fields = [
        str(Person._meta.get_field(name).verbose_name)
        for name in (last_change.fields if last_change else [])
        if name in PERSON_FIELDS or name == "languages"
    ]
    return DomainError(
        _(
            "%(name)s changed this file on %(when)s, after you opened it (%(fields)s). "
            "Your changes have not been saved: open the file again and redo them."
        )
        % {
            "name": current.updated_by or _("someone"),
            "when": formats.date_format(
                timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT"
            ),
            "fields": ", ".join(fields) or _("no details"),
        },
        code="conflict",
    )


def update_person(
    *,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int,
    actor,
    request=None,
) -> list[str]:
    """Change a client's data with optimistic locking (REL-01): when the file changed since
    the user loaded ``expected_version``, nothing is written and the error says who changed
    what, when. Returns the names of the changed fields (empty: nothing changed).

    A new BSN or V-nummer is first checked for duplicates like a registration: refused when
    a person the user may see has it, signalled to the other side (not told) when only a
    person outside the caseload has it. The check is logged and counted before the change
    is written, so a refusal keeps its log entry."""
    data = _with_normalised_identifiers(data)
    new_identifiers = {
        name: data[name]
        for name, current in (
            ("bsn", identifiers.bsn_of(person)),
            ("v_number", identifiers.v_number_of(person)),
        )
        if data.get(name) and data[name] != current
    }
    found = None
    refusal = None
    # As in ``register_person``: the identity is locked for the check and the change, and
    # the refusals are raised after this block, so the check's log entry and count stay.
    with transaction.atomic():
        if new_identifiers:
            duplicates.lock_identity(
                given_names="",
                family_name="",
                date_of_birth=None,
                bsn=new_identifiers.get("bsn"),
                v_number=new_identifiers.get("v_number"),
            )
            try:
                found = duplicates.check(
                    actor=actor, exclude=person, request=request, **new_identifiers
                )
            except DomainError as error:
                refusal = error
            else:
                if found.shown:
                    refusal = DomainError(
                        _(
                            "%(names)s already has this BSN or V-number. "
                            "A second file cannot be made for the same person."
                        )
                        % {"names": ", ".join(match.person.full_name for match in found.shown)},
                        code="duplicate",
                    )
        if refusal is None:
            try:
                changed = _update_person(
                    person=person,
                    data=data,
                    expected_version=expected_version,
                    actor=actor,
                    request=request,
                )
            except DomainError as error:
                refusal = error
            else:
                if found and found.hidden and set(new_identifiers) & set(changed):
                    duplicates.signal(
                        person=person, hidden=found.hidden, actor=actor, request=request
                    )
    if refusal is not None:
        raise refusal
    return changed


@transaction.atomic
def _update_person(
    *,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int,
    actor,
    request=None,
) -> list[str]:
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise _conflict(current)
    changed = []
    term_before = (current.inburgering_term_start, current.inburgering_term_end)
    for name in PERSON_FIELDS:
        if name in data and getattr(current, name) != data[name]:
            setattr(current, name, data[name])
            changed.append(name)
    if "permit_end" in changed or "permit_start" in changed or "permit_kind" in changed:
        values = _with_default_permit_end(
            {k: getattr(current, k) for k in ("permit_kind", "permit_start", "permit_end")}
        )
        if values["permit_end"] != current.permit_end:
            current.permit_end = values["permit_end"]
            changed.append("permit_end")
    if "inburgering_term_start" in changed or "inburgering_term_end" in changed:
        term_end = _term_end(
            start=current.inburgering_term_start,
            end=current.inburgering_term_end,
            old_start=term_before[0],
            old_end=term_before[1],
        )
        if term_end != current.inburgering_term_end:
            current.inburgering_term_end = term_end
            changed.append("inburgering_term_end")
    if "municipality" in changed:
        _require_scope(actor, current.municipality)
    new_languages = None
    if "languages" in data:
        wanted = {language.pk for language in data["languages"]}
        if wanted != set(current.languages.values_list("pk", flat=True)):
            new_languages = wanted
            changed.append("languages")
    if not changed:
        return []
    # The version check again, as one conditional UPDATE: on databases where the read above
    # took no lock (SQLite), only one of two concurrent saves can pass it.
    bumped = Person.objects.filter(pk=current.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not bumped:
        raise _conflict(Person.objects.get(pk=current.pk))
    current.version = expected_version + 1
    current.updated_by = actor
    current.updated_at = timezone.now()
    _validated(current)
    current.save()
    if new_languages is not None:
        current.languages.set(new_languages)
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        client_id=current.public_id,
        fields=sorted(set(changed)),
    )
    key_fields = [name for name in KEY_DATE_FIELDS if name in changed]
    if key_fields:
        # Derived deadlines follow in this transaction (trajectories listens).
        person_key_dates_changed.send(
            sender=Person, person=current, fields=key_fields, actor=actor, request=request
        )
    return sorted(set(changed))


@transaction.atomic
def add_household_member(
    *,
    of: Person,
    person: Person,
    relation: HouseholdRelation,
    actor,
    request=None,
) -> HouseholdMember:
    """Put ``person`` in the household of ``of``; a new household (with ``of`` as its head)
    when ``of`` has none yet. A person belongs to one household at a time."""
    if person.pk == of.pk:
        raise DomainError(_("A client cannot be added to their own household twice."))
    if HouseholdMember.objects.filter(person=person).exists():
        raise DomainError(
            _("%(name)s already belongs to a household.") % {"name": person.full_name}
        )
    membership = HouseholdMember.objects.filter(person=of).select_related("household").first()
    if membership is None:
        household = Household.objects.create(name=of.family_name)
        membership = HouseholdMember.objects.create(
            household=household, person=of, relation=HouseholdRelation.HEAD
        )
        audit.record(
            request,
            action=AuditAction.CREATE,
            actor=actor,
            obj=membership,
            client_id=of.public_id,
            fields=["household", "relation"],
        )
    member = HouseholdMember(household=membership.household, person=person, relation=relation)
    _validated(member)
    member.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=member,
        client_id=person.public_id,
        fields=["household", "relation"],
    )
    return member


@transaction.atomic
def remove_household_member(*, member: HouseholdMember, actor, request=None) -> None:
    """Take a person out of their household; an empty household is removed with it."""
    household = member.household
    client_id = member.person.public_id
    member.delete()
    if not household.members.exists():
        household.delete()
    audit.record(
        request,
        action=AuditAction.DELETE,
        actor=actor,
        object_type=HouseholdMember._meta.label_lower,
        object_id=str(household.public_id),
        client_id=client_id,
        fields=["household"],
    )


@transaction.atomic
def link_to_dossier(
    *,
    person: Person,
    reference: str,
    kind: IndReferenceKind,
    role: DossierRole,
    actor,
    request=None,
) -> IndDossierMember:
    """Tie ``person`` to the IND dossier ``reference`` (made when new), e.g. the members of
    one family-reunification case."""
    reference = reference.strip()
    if not reference:
        raise DomainError(_("Enter the dossier number."))
    dossier = IndDossier.objects.filter(reference__iexact=reference).first()
    if dossier is None:
        dossier = IndDossier(reference=reference, kind=kind)
        _validated(dossier)
        dossier.save()
    if IndDossierMember.objects.filter(dossier=dossier, person=person).exists():
        raise DomainError(_("This client is already linked to this dossier."))
    member = IndDossierMember(dossier=dossier, person=person, role=role)
    _validated(member)
    member.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=member,
        client_id=person.public_id,
        fields=["dossier", "role"],
    )
    return member


def add_ind_reference(
    *, person: Person, kind: IndReferenceKind, value: str, actor, request=None
) -> IndReference:
    """Record an IND reference (opaque text, validated as a V-nummer when it is one).

    Refused when this client or another the user may see has it already. Another client
    outside the caseload with it is not told (that would confirm the reference, AC-02): the
    reference is added as without them and the other side gets a signal. The check is
    logged and counted like the duplicate check of a registration."""
    reference = IndReference(person=person, kind=kind, value=value.strip())
    _validated(reference, exclude=["person"])
    if person.ind_references.filter(kind=kind, value__iexact=reference.value).exists():
        raise DomainError(_("This client already has this IND reference."), code="duplicate")
    found = duplicates.check_reference(
        actor=actor, person=person, kind=kind, value=reference.value, request=request
    )
    if found.shown:
        raise DomainError(
            _("%(names)s already has this IND reference.")
            % {"names": ", ".join(match.person.full_name for match in found.shown)},
            code="duplicate",
        )
    with transaction.atomic():
        reference.save()
        audit.record(
            request,
            action=AuditAction.CREATE,
            actor=actor,
            obj=reference,
            client_id=person.public_id,
            fields=["kind", "value"],
        )
        duplicates.signal(person=person, hidden=found.hidden, actor=actor, request=request)
    return reference


@transaction.atomic
def record_consent(
    *,
    person: Person,
    purpose: str,
    recipient: str,
    legal_basis: str,
    text_version: str,
    given_on: datetime.date,
    actor,
    request=None,
) -> Consent:
    """Register what the client agreed to share with whom, and by whom it was recorded."""
    consent = Consent(
        person=person,
        purpose=purpose,
        recipient=recipient.strip(),
        legal_basis=legal_basis,
        text_version=text_version.strip(),
        given_on=given_on,
        recorded_by=actor,
    )
    _validated(consent)
    consent.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=consent,
        client_id=person.public_id,
        fields=["purpose", "recipient", "legal_basis", "text_version", "given_on"],
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, consent: Consent, withdrawn_on: datetime.date, actor, request=None
) -> Consent:
    """Record that the client withdrew a consent; the row stays as evidence."""
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise DomainError(_("This consent has already been withdrawn."))
    if withdrawn_on > timezone.localdate():
        raise DomainError(_("The date of withdrawal cannot be in the future."))
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    _validated(consent)
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=consent,
        client_id=consent.person.public_id,
        fields=["withdrawn_on", "withdrawn_by"],
    )
    return consent


@transaction.atomic
def resolve_duplicate_signal(
    *, signal: DuplicateSignal, outcome: str, actor, request=None
) -> DuplicateSignal:
    """Record how a duplicate signal was settled: the same person (the coördinators bring
    the files together) or different persons. The caller fetched ``signal`` through
    ``DuplicateSignal.objects.visible_to(actor)``; a settled signal stays settled."""
    signal = (
        DuplicateSignal.objects.select_for_update()
        .select_related("matching_person")
        .get(pk=signal.pk)
    )
    if signal.status == DuplicateSignalStatus.RESOLVED:
        raise DomainError(_("This signal has already been resolved."), code="resolved")
    if outcome not in DuplicateOutcome.values:
        raise DomainError(_("Choose how the signal was resolved."), code="invalid")
    signal.status = DuplicateSignalStatus.RESOLVED
    signal.outcome = outcome
    signal.resolved_by = actor
    signal.resolved_at = timezone.now()
    signal.save(update_fields=["status", "outcome", "resolved_by", "resolved_at"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=signal,
        client_id=signal.matching_person.public_id,
        fields=["status", "outcome"],
    )
    return signal
