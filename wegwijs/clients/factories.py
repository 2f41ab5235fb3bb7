import datetime

import factory

from wegwijs.clients.constants import (
    AsylumDecision,
    ConsentPurpose,
    HouseholdRelation,
    LegalBasis,
    ReceptionEntitlement,
)
from wegwijs.clients.models import (
    Consent,
    Household,
    HouseholdMember,
    IndDossier,
    IndDossierMember,
    Language,
    PermitKind,
    Person,
)
from wegwijs.organisation.factories import MunicipalityFactory


def valid_bsn(seed: int) -> str:
    """A BSN passing the eleven-test, made from ``seed`` (test and demo data only)."""
    base = f"{seed % 10**8:08d}"
    weights = (9, 8, 7, 6, 5, 4, 3, 2)
    for first in range(10):
        digits = f"{first}{base[1:]}"
        remainder = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
        total = sum(w * int(d) for w, d in zip(weights, digits, strict=True))
        if remainder < 10 and total >= 11:
            return digits + str(remainder)
    raise ValueError(seed)


class PermitKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PermitKind
        django_get_or_create = ["code"]

    code = "asiel-bepaalde-tijd"
    name = "Asiel bepaalde tijd"
    asylum = True
    default_duration_years = 5


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "ar"
    name = "Arabisch"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_names = factory.Faker("first_name")
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")
    date_of_birth = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(n))
    municipality = factory.SubFactory(MunicipalityFactory)
    arrived_on = datetime.date(2022, 3, 1)
    settled_on = datetime.date(2023, 6, 1)
    # A status holder unless a trait says otherwise: the target group of most cards asks for
    # a residence permit (trajectories.eligibility).
    permit_kind = factory.SubFactory(PermitKindFactory)
    asylum_decision = AsylumDecision.GRANTED

    class Params:
        asylum_seeker = factory.Trait(permit_kind=None, asylum_decision=AsylumDecision.PENDING)
        finally_rejected = factory.Trait(
            permit_kind=None,
            asylum_decision=AsylumDecision.FINALLY_REJECTED,
            reception_entitlement=ReceptionEntitlement.NO,
        )
        ex_amv = factory.Trait(former_unaccompanied_minor=True, lives_alone=True)
        with_identifiers = factory.Trait(
            v_number=factory.Sequence(lambda n: f"{1000000000 + n}"),
            bsn=factory.Sequence(lambda n: valid_bsn(10_000 + n)),
        )
        statushouder = factory.Trait(
            permit_kind=factory.SubFactory(PermitKindFactory),
            permit_start=datetime.date(2022, 9, 1),
            permit_end=datetime.date(2027, 9, 1),
            inburgering_regime="wi2021",
            learning_route="b1",
        )

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.add(*extracted)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Faker("last_name")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relation = HouseholdRelation.HEAD


class IndDossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndDossier

    reference = factory.Sequence(lambda n: f"IND-{n:06d}")


class IndDossierMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndDossierMember

    dossier = factory.SubFactory(IndDossierFactory)
    person = factory.SubFactory(PersonFactory)
    role = "referent"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentPurpose.SHARE_MUNICIPALITY
    recipient = "Gemeente Arnhem"
    legal_basis = LegalBasis.CONSENT
    text_version = "2026-01"
    given_on = datetime.date(2026, 1, 15)
    recorded_by = factory.SubFactory("wegwijs.accounts.factories.UserFactory")
