"""Reads of the client registry. Everything a user is shown starts from ``visible_to``."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from wegwijs.clients import identifiers
from wegwijs.clients.models import (
    Consent,
    HouseholdMember,
    IndDossierMember,
    IndReference,
    Person,
    name_key,
)

SORTS = {
    "name": ["family_name", "given_names", "pk"],
    "-name": ["-family_name", "-given_names", "-pk"],
    "birth": ["date_of_birth", "pk"],
    "-birth": ["-date_of_birth", "-pk"],
    "municipality": ["municipality__name", "family_name", "pk"],
    "-municipality": ["-municipality__name", "-family_name", "-pk"],
}
SEARCH_LIMIT = 50


@dataclass
class DuplicateMatch:
    person: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def same_identifier(self) -> bool:
        """A shared BSN or V-nummer: the same person for certain, never to be confirmed away."""
        return "bsn" in self.reasons or "v_number" in self.reasons


def find_duplicates(
    *,
    given_names: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    surname_prefix: str = "",
    bsn: str | None = None,
    v_number: str | None = None,
    exclude: Person | None = None,
) -> list[DuplicateMatch]:
    """Possible duplicates among ALL persons (not only those a user may see): the same BSN,
    the same V-nummer, or the same names (case and accents ignored) and date of birth.
    The caller decides what of it the user may be told."""
    condition = Q()
    if bsn:
        condition |= Q(**identifiers.bsn_lookup(bsn))
    if v_number:
        condition |= Q(**identifiers.v_number_lookup(v_number))
    key = name_key(surname_prefix, family_name, given_names)
    if key and date_of_birth:
        condition |= Q(name_key=key, date_of_birth=date_of_birth)
    if not condition:
        return []
    candidates = Person.objects.filter(condition).select_related("municipality")
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk)
    matches = []
    for person in candidates.order_by("pk"):
        reasons = []
        if bsn and identifiers.bsn_of(person) == identifiers.normalize_bsn(bsn):
            reasons.append("bsn")
        if v_number and identifiers.v_number_of(person) == identifiers.normalize_v_number(v_number):
            reasons.append("v_number")
        if person.name_key == key and person.date_of_birth == date_of_birth:
            reasons.append("name_and_birth")
        matches.append(DuplicateMatch(person, reasons))
    return matches


def persons_for_list(user, *, sort: str = "name") -> QuerySet[Person]:
    """The list page: the persons ``user`` may see, sorted, with what a row shows."""
    return Person.objects.visible_to(user).for_list().order_by(*SORTS.get(sort, SORTS["name"]))


def search_persons(
    user,
    *,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    bsn: str = "",
    v_number: str = "",
    dossier: str = "",
) -> QuerySet[Person]:
    """Persons ``user`` may see matching every given key: all words of ``name`` (case and
    accents ignored), the date of birth, BSN, V-nummer, or a dossier number or IND
    reference. Only in scope: a person outside it is never found (AC-02).

    Identifiers are keys only for users who see them in full (``clients.view_identifiers``,
    AC-04), so a volunteer who sees ``*******890`` cannot confirm the full number by
    searching it: a search by one finds nobody for them."""
    persons = Person.objects.visible_to(user)
    if (bsn or v_number or dossier) and not user.can("clients.view_identifiers"):
        return persons.none()
    for word in name_key(name).split():
        persons = persons.filter(name_key__contains=word)
    if date_of_birth:
        persons = persons.filter(date_of_birth=date_of_birth)
    if bsn:
        persons = persons.filter(**identifiers.bsn_lookup(bsn))
    if v_number:
        persons = persons.filter(**identifiers.v_number_lookup(v_number))
    if dossier:
        reference = dossier.strip()
        persons = persons.filter(
            Q(dossier_memberships__dossier__reference__iexact=reference)
            | Q(ind_references__value__iexact=reference)
            | Q(**identifiers.v_number_lookup(reference))
        ).distinct()
    return persons.for_list().order_by(*SORTS["name"])


def person_for_detail(user, public_id) -> Person:
    """One person ``user`` may see, with everything the detail page shows; 404 otherwise."""
    visible = Person.objects.visible_to(user)
    queryset = visible.select_related(
        "municipality",
        "permit_kind",
        "interpreter_language",
        "created_by",
        "updated_by",
        "household_membership__household",
    ).prefetch_related(
        "languages",
        Prefetch("ind_references", queryset=IndReference.objects.order_by("kind", "value")),
        Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
        Prefetch(
            "dossier_memberships",
            queryset=IndDossierMember.objects.select_related("dossier"),
        ),
    )
    return get_object_or_404(queryset, public_id=public_id)


def household_members(user, person: Person) -> tuple[list[HouseholdMember], int]:
    """The members of ``person``'s household ``user`` may see, and how many others there are."""
    membership = getattr(person, "household_membership", None)
    if membership is None:
        return [], 0
    members = HouseholdMember.objects.filter(household_id=membership.household_id)
    shown = list(
        members.filter(person__in=Person.objects.visible_to(user)).select_related("person")
    )
    return shown, members.count() - len(shown)


def dossier_members(user, person: Person) -> dict[int, tuple[list[IndDossierMember], int]]:
    """Per dossier of ``person``: the members ``user`` may see and the number of others."""
    dossier_ids = [m.dossier_id for m in person.dossier_memberships.all()]
    if not dossier_ids:
        return {}
    visible = set(
        Person.objects.visible_to(user)
        .values_list("pk", flat=True)
        .filter(dossier_memberships__dossier_id__in=dossier_ids)
    )
    result: dict[int, tuple[list[IndDossierMember], int]] = {d: ([], 0) for d in dossier_ids}
    rows = IndDossierMember.objects.filter(dossier_id__in=dossier_ids).select_related("person")
    for member in rows:
        shown, hidden = result[member.dossier_id]
        if member.person_id in visible:
            shown.append(member)
        else:
            result[member.dossier_id] = (shown, hidden + 1)
    return result


def visible_persons_except(user, person: Person) -> QuerySet[Person]:
    """Choices for linking: the persons ``user`` may see other than ``person``."""
    return Person.objects.visible_to(user).exclude(pk=person.pk).order_by(*SORTS["name"])
