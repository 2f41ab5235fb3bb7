"""The coördinator's flow: find suitable volunteers for a VIP 18 client who speaks Tigrinya,
assign one, and that volunteer sees the client and nothing else."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Language, Person
from wegwijs.trajectories.models import Assignment, Trajectory
from wegwijs.volunteers.constants import LanguageLevel, VolunteerStatus
from wegwijs.volunteers.factories import VolunteerLanguageFactory, VolunteerProfileFactory


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def tigrinya_client(client_in_arnhem):
    client_in_arnhem.languages.add(Language.objects.get(code="ti"))
    return client_in_arnhem


@pytest.fixture
def vip_trajectory(open_trajectory, tigrinya_client):
    return open_trajectory("VIP18")


@pytest.fixture
def tigrinya_speaker(screened_volunteer):
    VolunteerLanguageFactory(
        profile=screened_volunteer,
        language=Language.objects.get(code="ti"),
        level=LanguageLevel.NATIVE,
    )
    return screened_volunteer


@pytest.mark.django_db
def test_coordinator_finds_assigns_and_the_volunteer_sees_only_that_client(
    client,
    coordinator,
    vip_trajectory,
    tigrinya_speaker,
    open_trajectory,
    arnhem,
    django_capture_on_commit_callbacks,
):
    other_trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    verified_login(client, coordinator)
    url = reverse("volunteers:match", args=[vip_trajectory.public_id])
    response = client.get(url, {"role": "coach"})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(tigrinya_speaker.user.full_name) in page
    assert "Tigrinya" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:match_assign", args=[vip_trajectory.public_id]),
            {"role": "coach", "volunteer": str(tigrinya_speaker.public_id)},
        )
    assert response.status_code == 302
    assert Assignment.objects.current().get(trajectory=vip_trajectory).volunteer == (
        tigrinya_speaker.user
    )
    [message] = mail.outbox
    assert message.to == [tigrinya_speaker.user.email]
    assert vip_trajectory.product.name in message.body
    person = vip_trajectory.person
    for sensitive in (person.given_names, person.family_name, str(person.public_id)):
        assert sensitive not in message.body
        assert sensitive not in message.subject
    # The volunteer sees this client and nothing else.
    volunteer = tigrinya_speaker.user
    assert list(Trajectory.objects.visible_to(volunteer)) == [vip_trajectory]
    assert list(Person.objects.visible_to(volunteer)) == [person]
    assert other_trajectory not in Trajectory.objects.visible_to(volunteer)


@pytest.mark.django_db
def test_volunteer_with_expired_vog_cannot_be_assigned(
    client, coordinator, vip_trajectory, tigrinya_speaker, django_capture_on_commit_callbacks
):
    tigrinya_speaker.vog_issued_on = datetime.date(2023, 5, 1)
    tigrinya_speaker.save()
    verified_login(client, coordinator)
    response = client.get(
        reverse("volunteers:match", args=[vip_trajectory.public_id]), {"role": "coach"}
    )
    assert escape(tigrinya_speaker.user.full_name) not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:match_assign", args=[vip_trajectory.public_id]),
            {"role": "coach", "volunteer": str(tigrinya_speaker.public_id)},
            follow=True,
        )
    assert not Assignment.objects.filter(trajectory=vip_trajectory).exists()
    assert mail.outbox == []
    assert "VOG" in response.content.decode()


@pytest.mark.django_db
def test_out_of_scope_trajectory_and_volunteer_are_404(
    client, other_coordinator, coordinator, vip_trajectory, tigrinya_speaker
):
    verified_login(client, other_coordinator)
    url = reverse("volunteers:match", args=[vip_trajectory.public_id])
    assert client.get(url, {"role": "coach"}).status_code == 404
    # A volunteer of another team cannot be assigned by guessing the id.
    other_team_volunteer = VolunteerProfileFactory(user__teams=[])
    verified_login(client, coordinator)
    response = client.post(
        reverse("volunteers:match_assign", args=[vip_trajectory.public_id]),
        {"role": "coach", "volunteer": str(other_team_volunteer.public_id)},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_index_lists_only_the_own_teams_volunteers(client, coordinator, tigrinya_speaker):
    stranger = VolunteerProfileFactory(user__teams=[], user__full_name="Zeta Buitenteam")
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:index")).content.decode()
    assert escape(tigrinya_speaker.user.full_name) in page
    assert escape(stranger.user.full_name) not in page


@pytest.mark.django_db
def test_leaving_lists_assignments_for_reassignment(
    client, coordinator, vip_trajectory, tigrinya_speaker
):
    Assignment.objects.create(
        trajectory=vip_trajectory,
        volunteer=tigrinya_speaker.user,
        role="coach",
        created_by=coordinator,
        started_on=datetime.date(2026, 1, 1),
    )
    verified_login(client, coordinator)
    response = client.post(
        reverse("volunteers:change_status", args=[tigrinya_speaker.public_id]),
        {"status": VolunteerStatus.LEFT},
    )
    assert response.status_code == 200
    assert reverse("volunteers:match", args=[vip_trajectory.public_id]) in (
        response.content.decode()
    )
    assert not Trajectory.objects.visible_to(tigrinya_speaker.user).exists()


@pytest.mark.django_db
def test_index_takes_a_fixed_number_of_queries(
    client, coordinator, team, django_assert_num_queries
):
    verified_login(client, coordinator)
    VolunteerProfileFactory.create_batch(2, user__teams=[team])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("volunteers:index"))
    VolunteerProfileFactory.create_batch(6, user__teams=[team])
    with django_assert_num_queries(len(small)):
        client.get(reverse("volunteers:index"))


@pytest.mark.django_db
def test_dashboard_warns_the_coordinator_of_expiring_vogs(
    client, coordinator, team, django_assert_num_queries
):
    expiring = VolunteerProfileFactory(
        user__teams=[team], user__full_name="Anna Verloopt", vog_issued_on=datetime.date(2023, 7, 1)
    )
    VolunteerProfileFactory(
        user__teams=[team], user__full_name="Bert Geldig", vog_issued_on=datetime.date(2025, 7, 1)
    )
    verified_login(client, coordinator)
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse("core:dashboard")).content.decode()
    assert escape(expiring.user.full_name) in page
    assert "Bert Geldig" not in page
    VolunteerProfileFactory.create_batch(
        4, user__teams=[team], vog_issued_on=datetime.date(2023, 7, 1)
    )
    with django_assert_num_queries(len(small)):
        client.get(reverse("core:dashboard"))
