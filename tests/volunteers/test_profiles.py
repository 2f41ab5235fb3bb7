"""The coördinator's profile pages: list, detail, create, edit and screening (issue 5)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import verified_login
from wegwijs.accounts.factories import UserFactory
from wegwijs.clients.factories import LanguageFactory
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.organisation.factories import LocationFactory, MunicipalityFactory
from wegwijs.trajectories.models import Assignment
from wegwijs.volunteers import services
from wegwijs.volunteers.constants import LanguageLevel, SupervisionKind, VolunteerStatus
from wegwijs.volunteers.factories import (
    TrainingFactory,
    TrainingKindFactory,
    VolunteerLanguageFactory,
    VolunteerProfileFactory,
    VolunteerRoleFactory,
)
from wegwijs.volunteers.models import SupervisionMeeting, VolunteerProfile

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def ref(db):
    """A small set of reference rows, without loading the whole catalogue."""
    return {
        "coach": VolunteerRoleFactory(code="coach", name="Coach"),
        "maatje": VolunteerRoleFactory(code="maatje", name="Maatje"),
        "basis": TrainingKindFactory(code="basis", name="Basistraining"),
        "taal": TrainingKindFactory(code="taal", name="Training taalcoach"),
        "ar": LanguageFactory(code="ar", name="Arabisch"),
        "ti": LanguageFactory(code="ti", name="Tigrinya"),
    }


@pytest.fixture
def coordinator_client(client, coordinator):
    return verified_login(client, coordinator)


def formset(prefix, rows, *, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def profile_post(
    *,
    roles=(),
    municipalities=(),
    locations=(),
    availability=(),
    max_clients="2",
    started_on="",
    begeleider="",
    languages=(),
    trainings=(),
    languages_initial=0,
    trainings_initial=0,
    **extra,
):
    return {
        "roles": [str(r.pk) for r in roles],
        "municipalities": [str(m.pk) for m in municipalities],
        "locations": [str(location.pk) for location in locations],
        "availability": list(availability),
        "max_clients": max_clients,
        "started_on": started_on,
        "begeleider": str(begeleider.pk) if begeleider else "",
        **formset("languages", list(languages), initial=languages_initial),
        **formset("trainings", list(trainings), initial=trainings_initial),
        **extra,
    }


def audit_entries(profile):
    return AuditEntry.objects.filter(object_id=str(profile.public_id)).order_by("pk")


# --- create -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_creates_a_profile_with_languages_and_trainings(
    coordinator_client, coordinator, vrijwilliger, team, municipality, ref
):
    response = coordinator_client.get(reverse("volunteers:create"))
    assert response.status_code == 200
    assert escape(vrijwilliger.full_name) in response.content.decode()
    data = profile_post(
        roles=[ref["coach"]],
        municipalities=[municipality],
        locations=[team.location],
        availability=["wed_evening", "mon_morning"],
        max_clients="3",
        started_on="2026-05-15",
        begeleider=coordinator,
        languages=[
            {"language": ref["ar"].pk, "level": LanguageLevel.NATIVE},
            {"language": "", "level": ""},
        ],
        trainings=[{"kind": ref["basis"].pk, "completed_on": "2026-04-01"}],
        user=str(vrijwilliger.pk),
        status=VolunteerStatus.APPLICANT,
    )
    response = coordinator_client.post(reverse("volunteers:create"), data)
    profile = VolunteerProfile.objects.get(user=vrijwilliger)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:detail", args=[profile.public_id])
    assert profile.status == VolunteerStatus.APPLICANT
    assert profile.availability == ["mon_morning", "wed_evening"]  # week order
    assert profile.max_clients == 3
    assert profile.started_on == datetime.date(2026, 5, 15)
    assert profile.begeleider == coordinator
    assert list(profile.roles.all()) == [ref["coach"]]
    assert list(profile.municipalities.all()) == [municipality]
    assert list(profile.locations.all()) == [team.location]
    assert [(vl.language, vl.level) for vl in profile.languages.all()] == [
        (ref["ar"], LanguageLevel.NATIVE)
    ]
    assert [(t.kind, t.completed_on) for t in profile.trainings.all()] == [
        (ref["basis"], datetime.date(2026, 4, 1))
    ]
    [entry] = audit_entries(profile)
    assert entry.action == AuditAction.CREATE
    assert entry.actor == coordinator
    assert set(entry.fields) >= {"user", "status", "roles", "languages", "trainings"}
    # Names, never values.
    assert "mon_morning" not in str(entry.fields) and "Arabisch" not in str(entry.fields)


@pytest.mark.django_db
def test_status_starts_as_applicant_unless_chosen(coordinator_client, vrijwilliger, ref):
    response = coordinator_client.get(reverse("volunteers:create"))
    assert response.context["form"]["status"].value() == VolunteerStatus.APPLICANT
    coordinator_client.post(
        reverse("volunteers:create"),
        profile_post(user=str(vrijwilliger.pk), status=VolunteerStatus.IN_TRAINING),
    )
    assert VolunteerProfile.objects.get(user=vrijwilliger).status == VolunteerStatus.IN_TRAINING


@pytest.mark.django_db
def test_only_free_active_volunteer_accounts_of_the_own_teams_are_offered(
    coordinator_client, vrijwilliger, other_team, team, ref
):
    taken = VolunteerProfileFactory(user__teams=[team]).user
    inactive = UserFactory(vrijwilliger=True, teams=[team], is_active=False)
    elsewhere = UserFactory(vrijwilliger=True, teams=[other_team])
    staff = UserFactory(coordinator=True, teams=[team])
    choices = coordinator_client.get(reverse("volunteers:create")).context["form"]
    offered = set(choices.fields["user"].queryset)
    assert offered == {vrijwilliger}
    for account in (taken, inactive, elsewhere, staff):
        response = coordinator_client.post(
            reverse("volunteers:create"),
            profile_post(user=str(account.pk), status=VolunteerStatus.APPLICANT),
        )
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert VolunteerProfile.objects.count() == 1  # only the one that was there


@pytest.mark.django_db
def test_create_profile_refuses_a_second_profile_and_other_roles(coordinator, vrijwilliger):
    services.create_profile(user=vrijwilliger, actor=coordinator)
    with pytest.raises(DomainError, match="al een profiel"):
        services.create_profile(user=vrijwilliger, actor=coordinator)
    with pytest.raises(DomainError, match="rol vrijwilliger"):
        services.create_profile(user=coordinator, actor=coordinator)


@pytest.mark.django_db
def test_create_profile_refuses_what_the_form_only_pre_checks(
    coordinator, vrijwilliger, other_team
):
    """The service refuses on its own what the form keeps out of its choices."""
    elsewhere = UserFactory(vrijwilliger=True, teams=[other_team])
    with pytest.raises(DomainError, match="vrijwilligers van uw teams"):
        services.create_profile(user=elsewhere, actor=coordinator)
    for status in (VolunteerStatus.PAUSED, VolunteerStatus.LEFT):
        with pytest.raises(DomainError, match="begint als aanmelder"):
            services.create_profile(user=vrijwilliger, status=status, actor=coordinator)
    with pytest.raises(DomainError, match="hoogstens een jaar"):
        services.create_profile(
            user=vrijwilliger, started_on=TODAY + datetime.timedelta(days=367), actor=coordinator
        )
    assert not VolunteerProfile.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_create_page_reads_the_free_accounts_once(coordinator_client, vrijwilliger, ref):
    with CaptureQueriesContext(connection) as queries:
        page = coordinator_client.get(reverse("volunteers:create")).content.decode()
    assert escape(f"{vrijwilliger.full_name} ({vrijwilliger.email})") in page
    assert "Er is geen account" not in page
    # The free accounts are those without a profile: one read lists them and decides the
    # empty state (no EXISTS before the list).
    free = [
        q["sql"]
        for q in queries.captured_queries
        if '"volunteers_volunteerprofile"."id" IS NULL' in q["sql"]
    ]
    assert len(free) == 1
    VolunteerProfileFactory(user=vrijwilliger)
    page = coordinator_client.get(reverse("volunteers:create")).content.decode()
    assert "Er is geen account om een profiel voor aan te maken" in page


# --- edit -------------------------------------------------------------------------------------


@pytest.fixture
def profile(vrijwilliger, coordinator, municipality, ref):
    made = VolunteerProfileFactory(
        user=vrijwilliger,
        roles=[ref["coach"]],
        municipalities=[municipality],
        begeleider=coordinator,
        availability=["mon_morning"],
    )
    VolunteerLanguageFactory(profile=made, language=ref["ar"], level=LanguageLevel.BASIC)
    TrainingFactory(profile=made, kind=ref["basis"], completed_on=datetime.date(2025, 1, 1))
    return made


def unchanged_post(profile, **overrides):
    """The edit form as it arrives when nothing is changed, with ``overrides``."""
    [language] = profile.languages.all()
    [training] = profile.trainings.all()
    values = {
        "roles": list(profile.roles.all()),
        "municipalities": list(profile.municipalities.all()),
        "availability": profile.availability,
        "max_clients": str(profile.max_clients),
        "begeleider": profile.begeleider,
        "languages": [
            {"id": language.pk, "language": language.language_id, "level": language.level}
        ],
        "languages_initial": 1,
        "trainings": [{"id": training.pk, "kind": training.kind_id, "completed_on": "2025-01-01"}],
        "trainings_initial": 1,
    }
    values.update(overrides)
    return profile_post(**values)


@pytest.mark.django_db
def test_edit_page_shows_the_current_values(coordinator_client, profile, ref):
    response = coordinator_client.get(reverse("volunteers:edit", args=[profile.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="mon_morning" id="id_availability_0" checked' in page.replace("\n", "")
    assert "maandagochtend" in page  # each box has its own label
    assert "<legend>Beschikbaarheid</legend>" in page
    assert response.context["language_formset"].forms[0].instance.language == ref["ar"]


@pytest.mark.django_db
def test_saving_an_unchanged_form_changes_nothing_and_logs_nothing(coordinator_client, profile):
    url = reverse("volunteers:edit", args=[profile.public_id])
    response = coordinator_client.post(url, unchanged_post(profile))
    assert response.status_code == 302
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
def test_edit_changes_the_profile_and_its_languages_and_trainings(
    coordinator_client, coordinator, profile, ref
):
    [language] = profile.languages.all()
    [training] = profile.trainings.all()
    data = unchanged_post(
        profile,
        roles=[ref["coach"], ref["maatje"]],
        availability=["mon_morning", "sat_afternoon"],
        languages=[
            {"id": language.pk, "language": ref["ar"].pk, "level": LanguageLevel.GOOD},
            {"language": ref["ti"].pk, "level": LanguageLevel.NATIVE},
        ],
        trainings=[
            {
                "id": training.pk,
                "kind": ref["basis"].pk,
                "completed_on": "2025-01-01",
                "DELETE": "on",
            },
            {"kind": ref["taal"].pk, "completed_on": "2026-05-01"},
        ],
    )
    response = coordinator_client.post(reverse("volunteers:edit", args=[profile.public_id]), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert set(profile.roles.all()) == {ref["coach"], ref["maatje"]}
    assert profile.availability == ["mon_morning", "sat_afternoon"]
    assert {(vl.language, vl.level) for vl in profile.languages.all()} == {
        (ref["ar"], LanguageLevel.GOOD),
        (ref["ti"], LanguageLevel.NATIVE),
    }
    assert [(t.kind, t.completed_on) for t in profile.trainings.all()] == [
        (ref["taal"], datetime.date(2026, 5, 1))
    ]
    [entry] = audit_entries(profile)
    assert entry.action == AuditAction.UPDATE
    assert entry.actor == coordinator
    assert entry.fields == ["availability", "languages", "roles", "trainings"]


@pytest.mark.django_db
def test_a_language_can_be_listed_only_once(coordinator_client, profile, ref):
    [language] = profile.languages.all()
    data = unchanged_post(
        profile,
        languages=[
            {"id": language.pk, "language": ref["ar"].pk, "level": LanguageLevel.BASIC},
            {"language": ref["ar"].pk, "level": LanguageLevel.NATIVE},
        ],
    )
    response = coordinator_client.post(reverse("volunteers:edit", args=[profile.public_id]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Elke taal kan maar één keer worden opgegeven." in page
    assert "Het profiel is niet opgeslagen" in page
    assert [(vl.language, vl.level) for vl in profile.languages.all()] == [
        (ref["ar"], LanguageLevel.BASIC)
    ]
    assert not audit_entries(profile).exists()


@pytest.fixture
def outsiders(other_team, other_municipality):
    return {
        "coordinator": UserFactory(coordinator=True, teams=[other_team]),
        "municipality": other_municipality,
        "location": LocationFactory(municipality=other_municipality),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_clients": "0"}, "deze waarde minstens 1 is"),
        ({"max_clients": "51"}, "deze waarde hoogstens 50 is"),
        ({"max_clients": "veel"}, "Voer een geheel getal in"),
        ({"availability": ["fri_night"]}, "Selecteer een geldige keuze"),
        ({"started_on": "2027-07-01"}, "hoogstens een jaar in de toekomst"),
        ({"started_on": "31-31-2026"}, "Voer een geldige datum in"),
        ({"trainings": [{"kind": "1", "completed_on": "2026-06-02"}]}, "niet in de toekomst"),
        ("begeleider", "Selecteer een geldige keuze"),
        ("municipality", "Selecteer een geldige keuze"),
        ("location", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(
    coordinator_client, profile, outsiders, ref, change, message
):
    if change == "begeleider":
        change = {"begeleider": outsiders["coordinator"]}
    elif change == "municipality":
        change = {"municipalities": [outsiders["municipality"]]}
    elif change == "location":
        change = {"locations": [outsiders["location"]]}
    elif change == "training":
        change = {
            "trainings": [{"kind": ref["taal"].pk, "completed_on": "2026-06-02"}],
            "trainings_initial": 0,
        }
    before = (profile.max_clients, profile.availability, profile.started_on, profile.begeleider_id)
    data = unchanged_post(profile, **change)
    response = coordinator_client.post(reverse("volunteers:edit", args=[profile.public_id]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert (
        profile.max_clients,
        profile.availability,
        profile.started_on,
        profile.begeleider_id,
    ) == before
    assert list(profile.municipalities.values_list("cbs_code", flat=True)) == ["GM0202"]
    assert profile.trainings.count() == 1
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
def test_a_begeleider_and_area_from_elsewhere_stay_when_saving(
    coordinator_client, profile, outsiders
):
    """What another team's coördinator set is offered too, so saving does not drop it."""
    profile.begeleider = outsiders["coordinator"]
    profile.save()
    profile.municipalities.add(outsiders["municipality"])
    data = unchanged_post(profile)
    response = coordinator_client.post(reverse("volunteers:edit", args=[profile.public_id]), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.begeleider == outsiders["coordinator"]
    assert outsiders["municipality"] in profile.municipalities.all()
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["volunteers:create", "volunteers:edit"])
def test_an_empty_or_tampered_post_is_a_form_error(coordinator_client, profile, name):
    url = reverse(name) if name == "volunteers:create" else reverse(name, args=[profile.public_id])
    for data in ({}, {"languages-TOTAL_FORMS": "x", "trainings-TOTAL_FORMS": "9999"}):
        response = coordinator_client.post(url, data)
        assert response.status_code == 200
        assert "niet opgeslagen" in response.content.decode()
    assert VolunteerProfile.objects.count() == 1
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
def test_update_profile_audits_field_names_not_values(coordinator, profile, ref):
    services.update_profile(
        profile=profile,
        actor=coordinator,
        roles=[ref["maatje"]],
        municipalities=list(profile.municipalities.all()),
        locations=[],
        availability=profile.availability,
        max_clients=5,
        started_on=datetime.date(2026, 5, 1),
        begeleider=coordinator,
    )
    [entry] = audit_entries(profile)
    assert entry.fields == ["max_clients", "roles", "started_on"]
    assert "5" not in entry.fields and "Maatje" not in str(entry.fields)
    with pytest.raises(DomainError):
        services.update_profile(
            profile=profile,
            actor=coordinator,
            roles=[],
            municipalities=[],
            locations=[],
            availability=[],
            max_clients=3,
            started_on=None,
            begeleider=None,
            languages=[(ref["ar"], "basic"), (ref["ar"], "good")],
        )
    profile.refresh_from_db()
    assert profile.max_clients == 5  # the refused change left nothing behind
    assert profile.roles.count() == 1


# --- screening --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_the_screening_makes_the_volunteer_assignable(
    coordinator_client, coordinator, vrijwilliger
):
    profile = VolunteerProfileFactory(user=vrijwilliger, unscreened=True)
    with pytest.raises(DomainError):
        services.ensure_assignable(vrijwilliger)
    url = reverse("volunteers:screening", args=[profile.public_id])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, {"vog_issued_on": "2026-05-20", "confidentiality_signed_on": "2026-05-21"}
    )
    assert response.status_code == 302
    assert services.ensure_assignable(vrijwilliger) == profile
    [entry] = audit_entries(profile)
    assert entry.fields == ["confidentiality_signed_on", "vog_issued_on"]
    assert entry.actor == coordinator


@pytest.mark.django_db
def test_saving_half_a_screening_says_what_is_still_missing(coordinator_client, vrijwilliger):
    profile = VolunteerProfileFactory(user=vrijwilliger, unscreened=True)
    response = coordinator_client.post(
        reverse("volunteers:screening", args=[profile.public_id]),
        {"vog_issued_on": "2026-05-20", "confidentiality_signed_on": ""},
        follow=True,
    )
    assert "geheimhoudingsverklaring" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"vog_issued_on": "2026-06-02", "confidentiality_signed_on": ""},
        {"vog_issued_on": "2026-05-01", "confidentiality_signed_on": "2030-01-01"},
    ],
)
def test_a_screening_date_in_the_future_is_refused(coordinator_client, vrijwilliger, data):
    profile = VolunteerProfileFactory(user=vrijwilliger, unscreened=True)
    response = coordinator_client.post(
        reverse("volunteers:screening", args=[profile.public_id]), data
    )
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    profile.refresh_from_db()
    assert profile.vog_issued_on is None and profile.confidentiality_signed_on is None
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
def test_a_garbled_screening_date_is_a_form_error(coordinator_client, vrijwilliger):
    profile = VolunteerProfileFactory(user=vrijwilliger, unscreened=True)
    response = coordinator_client.post(
        reverse("volunteers:screening", args=[profile.public_id]),
        {"vog_issued_on": "gisteren", "confidentiality_signed_on": "2026-13-01"},
    )
    assert response.status_code == 200
    assert "Voer een geldige datum in" in response.content.decode()


# --- visibility -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["volunteers:detail", "volunteers:edit", "volunteers:screening"])
def test_a_coordinator_of_another_team_gets_404(client, other_coordinator, profile, name):
    verified_login(client, other_coordinator)
    assert client.get(reverse(name, args=[profile.public_id])).status_code == 404
    assert client.post(reverse(name, args=[profile.public_id]), {}).status_code in (404, 405)
    assert not audit_entries(profile).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["volunteers:detail", "volunteers:edit", "volunteers:screening"])
def test_a_volunteer_gets_403_even_for_their_own_profile(client, vrijwilliger, profile, name):
    verified_login(client, vrijwilliger)
    assert client.get(reverse(name, args=[profile.public_id])).status_code == 403


@pytest.mark.django_db
def test_the_beheerder_sees_the_profile_without_edit_links(client, beheerder, profile):
    verified_login(client, beheerder)
    page = client.get(reverse("volunteers:detail", args=[profile.public_id])).content.decode()
    assert escape(profile.user.full_name) in page
    assert reverse("volunteers:edit", args=[profile.public_id]) not in page
    assert reverse("volunteers:change_status", args=[profile.public_id]) not in page
    assert client.get(reverse("volunteers:edit", args=[profile.public_id])).status_code == 403
    index = client.get(reverse("volunteers:index")).content.decode()
    assert reverse("volunteers:create") not in index


# --- detail -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_the_profile(coordinator_client, coordinator, profile, ref):
    for day in range(12):
        meeting = SupervisionMeeting.objects.create(
            kind=SupervisionKind.INTERVISIE,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            held_by=coordinator,
        )
        meeting.volunteers.add(profile)
    response = coordinator_client.get(reverse("volunteers:detail", args=[profile.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        profile.user.full_name,
        profile.user.email,
        "Coach",
        "Arabisch (basis)",
        "Arabisch",
        "Basistraining",
        "Arnhem",
        "Gescreend: deze vrijwilliger kan cliënten krijgen.",
        "0 van maximaal 2",
        reverse("volunteers:edit", args=[profile.public_id]),
        reverse("volunteers:screening", args=[profile.public_id]),
    ):
        assert shown in page, shown
    # The week grid: Monday morning is available, with a text for screen readers.
    assert '<th scope="row">Maandag</th>' in page
    assert "beschikbaar" in page
    # The ten newest meetings, newest first.
    meetings = response.context["meetings"]
    assert len(meetings) == 10
    assert meetings[0].date == datetime.date(2026, 1, 12)
    assert meetings[-1].date == datetime.date(2026, 1, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued", "text"),
    [
        (datetime.date(2023, 7, 1), "De VOG verloopt op"),
        (datetime.date(2023, 5, 1), "De VOG is verlopen op"),
        (datetime.date(2025, 1, 1), None),
    ],
)
def test_detail_warns_when_the_vog_runs_out(coordinator_client, profile, issued, text):
    profile.vog_issued_on = issued
    profile.save()
    page = coordinator_client.get(
        reverse("volunteers:detail", args=[profile.public_id])
    ).content.decode()
    if text:
        assert text in page
    else:
        assert "De VOG verloopt op" not in page and "De VOG is verlopen op" not in page
    if issued.year == 2023 and issued.month == 5:
        # The reason it cannot be assigned, from screening_problem.
        assert "Kan nu geen cliënten krijgen" in page


@pytest.mark.django_db
def test_detail_warns_before_pausing_or_leaving(coordinator_client, profile):
    page = coordinator_client.get(
        reverse("volunteers:detail", args=[profile.public_id])
    ).content.decode()
    assert "beëindigt vandaag elke lopende koppeling" in page
    assert "data-confirm=" in page
    assert reverse("volunteers:change_status", args=[profile.public_id]) in page


@pytest.mark.django_db
def test_detail_lists_assignments_by_product_and_links_only_to_the_trajectory(
    coordinator_client, coordinator, screened_volunteer, open_trajectory
):
    trajectory = open_trajectory("VIP18")
    Assignment.objects.create(
        trajectory=trajectory,
        volunteer=screened_volunteer.user,
        role="coach",
        created_by=coordinator,
        started_on=datetime.date(2026, 1, 1),
    )
    page = coordinator_client.get(
        reverse("volunteers:detail", args=[screened_volunteer.public_id])
    ).content.decode()
    assert trajectory.product.name in page
    assert reverse("trajectories:detail", args=[trajectory.public_id]) in page
    assert "1 van maximaal 2" in page
    person = trajectory.person
    for client_data in (person.given_names, person.family_name, str(person.public_id)):
        assert client_data not in page


@pytest.mark.django_db
def test_detail_takes_a_fixed_number_of_queries(
    coordinator_client,
    coordinator,
    screened_volunteer,
    open_trajectory,
    arnhem,
    ref,
    django_assert_max_num_queries,
):
    from wegwijs.clients.factories import PersonFactory

    url = reverse("volunteers:detail", args=[screened_volunteer.public_id])

    def add(n):
        for i in range(n):
            trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
            Assignment.objects.create(
                trajectory=trajectory,
                volunteer=screened_volunteer.user,
                role="coach",
                created_by=coordinator,
            )
            TrainingFactory(
                profile=screened_volunteer,
                kind=ref["basis"],
                completed_on=datetime.date(2025, 1, 1),
            )
            VolunteerLanguageFactory(
                profile=screened_volunteer,
                language=LanguageFactory(code=f"x{n}{i}", name=f"Taal {n}{i}"),
                level=LanguageLevel.GOOD,
            )
            meeting = SupervisionMeeting.objects.create(
                kind=SupervisionKind.WERKBEGELEIDING, date=TODAY, held_by=coordinator
            )
            meeting.volunteers.add(screened_volunteer)
            screened_volunteer.roles.add(VolunteerRoleFactory(code=f"rol-{n}-{i}"))
            screened_volunteer.municipalities.add(MunicipalityFactory())

    add(1)
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(url).status_code == 200
    add(5)
    with django_assert_max_num_queries(len(small)):
        assert coordinator_client.get(url).status_code == 200


# --- index ------------------------------------------------------------------------------------


@pytest.fixture
def three(team, ref):
    return {
        "anna": VolunteerProfileFactory(
            user__full_name="Anna de Vries", user__teams=[team], roles=[ref["coach"]]
        ),
        "bram": VolunteerProfileFactory(
            user__full_name="Bram Jansen",
            user__teams=[team],
            roles=[ref["maatje"]],
            status=VolunteerStatus.PAUSED,
        ),
        "cato": VolunteerProfileFactory(
            user__full_name="Cato Bakker",
            user__teams=[team],
            roles=[ref["coach"], ref["maatje"]],
            vog_issued_on=datetime.date(2023, 5, 1),
        ),
    }


def names_on(response):
    return [profile.user.full_name for profile, _until, _state in response.context["rows"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Anna de Vries", "Bram Jansen", "Cato Bakker"]),
        ({"q": "  anna "}, ["Anna de Vries"]),
        ({"q": "JANSEN"}, ["Bram Jansen"]),
        ({"status": VolunteerStatus.PAUSED}, ["Bram Jansen"]),
        ({"role": "maatje"}, ["Bram Jansen", "Cato Bakker"]),
        ({"role": "maatje", "status": VolunteerStatus.ACTIVE}, ["Cato Bakker"]),
        ({"q": "niemand"}, []),
    ],
)
def test_index_searches_and_filters(coordinator_client, three, query, expected):
    response = coordinator_client.get(reverse("volunteers:index"), query)
    assert response.status_code == 200
    assert names_on(response) == expected
    if not expected:
        assert "Geen vrijwilliger voldoet aan deze zoekopdracht." in response.content.decode()


@pytest.mark.django_db
def test_index_rows_link_to_the_profile_and_flag_an_expired_vog(coordinator_client, three):
    page = coordinator_client.get(reverse("volunteers:index")).content.decode()
    for profile in three.values():
        assert reverse("volunteers:detail", args=[profile.public_id]) in page
    assert "(verlopen)" in page
    assert reverse("volunteers:create") in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"status": "bogus"}, {"role": "nope"}, {"q": "x" * 500}, {"page": "abc"}]
)
def test_index_bad_filters_are_a_form_error_not_a_500(coordinator_client, three, query):
    response = coordinator_client.get(reverse("volunteers:index"), query)
    assert response.status_code == 200
    if "page" not in query:
        assert "errorlist" in response.content.decode()


@pytest.mark.django_db
def test_index_paginates_and_keeps_the_filters(coordinator_client, three, settings):
    settings.PAGE_SIZE = 2
    response = coordinator_client.get(reverse("volunteers:index"), {"role": "", "q": ""})
    assert names_on(response) == ["Anna de Vries", "Bram Jansen"]
    assert "page=2" in response.content.decode()
    response = coordinator_client.get(reverse("volunteers:index"), {"page": "2", "q": "a"})
    assert names_on(response) == ["Cato Bakker"]
    assert "q=a&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_index_empty_state(coordinator_client):
    response = coordinator_client.get(reverse("volunteers:index"))
    page = response.content.decode()
    assert "Nog geen vrijwilligers." in page
    assert reverse("volunteers:create") in page


@pytest.mark.django_db
def test_index_takes_a_fixed_number_of_queries_with_filters(
    coordinator_client, team, ref, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            VolunteerProfileFactory(user__teams=[team], roles=[ref["coach"], ref["maatje"]])

    url = reverse("volunteers:index")
    add(2)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url, {"role": "coach", "status": "active"})
    add(6)
    with django_assert_max_num_queries(len(small)):
        response = coordinator_client.get(url, {"role": "coach", "status": "active"})
    assert len(response.context["rows"]) == 8
