"""Matching: a fixed pool of volunteers with the expected ranking."""

import datetime

import pytest
from django.utils import translation

from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Language
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories.models import Assignment
from wegwijs.volunteers.constants import LanguageLevel, VolunteerStatus
from wegwijs.volunteers.factories import (
    TrainingFactory,
    VolunteerLanguageFactory,
    VolunteerProfileFactory,
)
from wegwijs.volunteers.models import TrainingKind, VolunteerRole
from wegwijs.volunteers.selectors import match_volunteers

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english():
    """The messages are asserted in their English source; Dutch is checked separately."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def tigrinya(reference):
    return Language.objects.get(code="ti")


@pytest.fixture
def english(reference):
    return Language.objects.get(code="en")


@pytest.fixture
def vip_trajectory(open_trajectory, client_in_arnhem, tigrinya):
    client_in_arnhem.languages.add(tigrinya)
    return open_trajectory("VIP18")


def volunteer(name, *, municipalities, roles, languages=(), parts=2, **kwargs):
    profile = VolunteerProfileFactory(
        user__full_name=name,
        roles=roles,
        municipalities=municipalities,
        availability=["mon_morning", "tue_morning", "wed_morning", "thu_morning", "fri_morning"][
            :parts
        ],
        vog_issued_on=kwargs.pop("vog_issued_on", datetime.date(2025, 1, 1)),
        **kwargs,
    )
    for language, level in languages:
        VolunteerLanguageFactory(profile=profile, language=language, level=level)
    return profile


def give_clients(profile, n, coordinator, open_trajectory, arnhem):
    for _ in range(n):
        trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
        Assignment.objects.create(
            trajectory=trajectory, volunteer=profile.user, role="coach", created_by=coordinator
        )


@pytest.fixture
def pool(arnhem, coach_role, tigrinya, english, coordinator, open_trajectory):
    elsewhere = Municipality.objects.exclude(pk=arnhem.pk).first()
    maatje = VolunteerRole.objects.get(code="maatje")
    here = [arnhem]
    ti = [(tigrinya, LanguageLevel.NATIVE)]
    en = [(english, LanguageLevel.GOOD)]
    made = {
        "ti_four_parts": volunteer(
            "Abel", municipalities=here, roles=[coach_role], languages=ti, parts=4
        ),
        "ti_two_parts": volunteer("Bram", municipalities=here, roles=[coach_role], languages=ti),
        "en_five_parts": volunteer(
            "Cato", municipalities=here, roles=[coach_role], languages=en, parts=5
        ),
        "en_five_parts_busy": volunteer(
            "Dirk", municipalities=here, roles=[coach_role], languages=en, parts=5
        ),
        # Not suitable, each for one reason.
        "full": volunteer(
            "Eva", municipalities=here, roles=[coach_role], languages=ti, max_clients=1
        ),
        "vog_expired": volunteer(
            "Fenna",
            municipalities=here,
            roles=[coach_role],
            languages=ti,
            vog_issued_on=datetime.date(2023, 1, 1),
        ),
        "no_agreement": volunteer(
            "Gijs",
            municipalities=here,
            roles=[coach_role],
            languages=ti,
            confidentiality_signed_on=None,
        ),
        "elsewhere": volunteer(
            "Hanna", municipalities=[elsewhere], roles=[coach_role], languages=ti
        ),
        "paused": volunteer(
            "Ilse",
            municipalities=here,
            roles=[coach_role],
            languages=ti,
            status=VolunteerStatus.PAUSED,
        ),
        "other_role": volunteer("Joost", municipalities=here, roles=[maatje], languages=ti),
        "no_availability": volunteer(
            "Kim", municipalities=here, roles=[coach_role], languages=ti, parts=0
        ),
    }
    give_clients(made["en_five_parts_busy"], 1, coordinator, open_trajectory, arnhem)
    give_clients(made["full"], 1, coordinator, open_trajectory, arnhem)
    return made


@pytest.mark.django_db
def test_ranking_of_a_fixed_pool(vip_trajectory, pool):
    suggestions = match_volunteers(trajectory=vip_trajectory, role="coach", on=TODAY)
    assert [s.profile for s in suggestions] == [
        pool["ti_four_parts"],
        pool["ti_two_parts"],
        pool["en_five_parts"],
        pool["en_five_parts_busy"],
    ]
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    best = suggestions[0].reasons
    assert "Speaks Tigrinya (native), a language of the client." in best
    assert "Available 4 day parts a week." in best
    assert "Has 0 of at most 2 clients." in best
    assert "Speaks no language of the client." in suggestions[2].reasons
    assert "Has 1 of at most 2 clients." in suggestions[3].reasons


@pytest.mark.django_db
def test_interpreter_language_counts_as_shared(
    open_trajectory, client_in_arnhem, english, arnhem, coach_role
):
    client_in_arnhem.interpreter_needed = True
    client_in_arnhem.interpreter_language = english
    client_in_arnhem.save()
    trajectory = open_trajectory("VIP18")
    speaker = volunteer(
        "Lot",
        municipalities=[arnhem],
        roles=[coach_role],
        languages=[(english, LanguageLevel.BASIC)],
    )
    [suggestion] = match_volunteers(trajectory=trajectory, role="coach", on=TODAY)
    assert suggestion.profile == speaker
    assert f"Speaks {english.name} (basic), a language of the client." in suggestion.reasons


@pytest.mark.django_db
def test_required_training_ranks_first(vip_trajectory, arnhem, tigrinya):
    role = VolunteerRole.objects.get(code="taalcoach")
    ti = [(tigrinya, LanguageLevel.GOOD)]
    untrained = volunteer("Mo", municipalities=[arnhem], roles=[role], languages=ti, parts=5)
    trained = volunteer("Noor", municipalities=[arnhem], roles=[role], languages=ti)
    TrainingFactory(
        profile=trained,
        kind=TrainingKind.objects.get(code="taalcoach"),
        completed_on=datetime.date(2025, 3, 1),
    )
    suggestions = match_volunteers(trajectory=vip_trajectory, role="taalcoach", on=TODAY)
    assert [s.profile for s in suggestions] == [trained, untrained]
    assert "Followed the training Training taalcoach." in suggestions[0].reasons
    assert "Has not followed the training Training taalcoach yet." in suggestions[1].reasons


@pytest.mark.django_db
def test_volunteer_already_in_the_role_is_not_suggested_again(vip_trajectory, pool, coordinator):
    Assignment.objects.create(
        trajectory=vip_trajectory,
        volunteer=pool["ti_four_parts"].user,
        role="coach",
        created_by=coordinator,
    )
    suggestions = match_volunteers(trajectory=vip_trajectory, role="coach", on=TODAY)
    assert pool["ti_four_parts"] not in [s.profile for s in suggestions]


@pytest.mark.django_db
def test_matching_takes_a_fixed_number_of_queries(
    vip_trajectory, arnhem, coach_role, tigrinya, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            profile = volunteer(
                f"V{i}",
                municipalities=[arnhem],
                roles=[coach_role],
                languages=[(tigrinya, LanguageLevel.GOOD)],
            )
            TrainingFactory(
                profile=profile,
                kind=TrainingKind.objects.get(code="basistraining"),
                completed_on=datetime.date(2025, 3, 1),
            )

    add(2)
    with django_assert_num_queries(5) as small:
        assert len(match_volunteers(trajectory=vip_trajectory, role="coach", on=TODAY)) == 2
    add(6)
    with django_assert_num_queries(len(small)):
        assert len(match_volunteers(trajectory=vip_trajectory, role="coach", on=TODAY)) == 8
