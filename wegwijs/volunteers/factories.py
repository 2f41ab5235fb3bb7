from datetime import timedelta

import factory
from django.utils import timezone

from wegwijs.accounts.factories import UserFactory
from wegwijs.volunteers.constants import VolunteerStatus
from wegwijs.volunteers.models import (
    Training,
    TrainingKind,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerRole,
)


class TrainingKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingKind
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"training-{n}")
    name = factory.LazyAttribute(lambda o: o.code.title())


class VolunteerRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRole
        django_get_or_create = ["code"]

    code = "coach"
    name = factory.LazyAttribute(lambda o: o.code.title())


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    """An active, screened volunteer (VOG of a year ago, agreement signed) by default."""

    class Meta:
        model = VolunteerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, vrijwilliger=True)
    status = VolunteerStatus.ACTIVE
    max_clients = 2
    availability = factory.LazyFunction(lambda: ["mon_morning", "wed_afternoon"])
    vog_issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    confidentiality_signed_on = factory.LazyAttribute(lambda o: o.vog_issued_on)

    class Params:
        unscreened = factory.Trait(vog_issued_on=None, confidentiality_signed_on=None)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.add(*extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class VolunteerLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerLanguage


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
