"""Registering hours: the capacity follows the role, volunteer and professional hours are never
added together, dates and trajectories are checked, and only one's own recent entries can be
undone."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import hours, services
from wegwijs.trajectories.constants import (
    AssignmentRole,
    HoursActivity,
    HoursCapacity,
    TrajectoryStatus,
)
from wegwijs.trajectories.models import TimeEntry, Trajectory
from wegwijs.trajectories.volunteer_forms import parse_hours

TODAY = datetime.date(2026, 6, 15)
# The messages users see, in Dutch (the default language).
OWN_ONLY = "alleen uren registreren op een lopend traject van uw eigen cliënten"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def mine(open_trajectory, coordinator, vrijwilliger):
    trajectory = open_trajectory("VIP18")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    return trajectory


@pytest.fixture
def theirs(open_trajectory, arnhem, coordinator, other_vrijwilliger):
    trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    services.assign_volunteer(
        trajectory=trajectory,
        volunteer=other_vrijwilliger,
        role=AssignmentRole.COACH,
        actor=coordinator,
    )
    return trajectory


def register(by, *, date=TODAY, minutes=90, activity=HoursActivity.CLIENT, **kwargs):
    return hours.record_hours(by=by, date=date, minutes=minutes, activity=activity, **kwargs)


# The services.


@pytest.mark.django_db
def test_capacity_follows_the_role(vrijwilliger, coordinator, financieel, beheerder):
    assert register(vrijwilliger).capacity == HoursCapacity.VOLUNTEER
    assert register(coordinator).capacity == HoursCapacity.PROFESSIONAL
    for other in (financieel, beheerder):
        with pytest.raises(
            DomainError, match="Alleen vrijwilligers en coördinatoren registreren uren."
        ):
            register(other)
    assert TimeEntry.objects.count() == 2


@pytest.mark.django_db
def test_date_in_the_future_or_too_far_back_is_refused(vrijwilliger):
    with pytest.raises(DomainError, match="niet worden geregistreerd voor een dag in de toekomst"):
        register(vrijwilliger, date=TODAY + datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="tot 60 dagen terug"):
        register(vrijwilliger, date=TODAY - datetime.timedelta(days=61))
    assert not TimeEntry.objects.exists()
    assert register(vrijwilliger, date=TODAY - datetime.timedelta(days=60)).minutes == 90


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [0, -5, 721, 1440])
def test_duration_outside_a_minute_to_twelve_hours_is_refused(vrijwilliger, minutes):
    with pytest.raises(DomainError, match="tussen 1 minuut en 12 uur"):
        register(vrijwilliger, minutes=minutes)
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_unknown_activity_is_refused(vrijwilliger):
    with pytest.raises(DomainError, match="Kies een van de activiteiten."):
        register(vrijwilliger, activity="napping")


@pytest.mark.django_db
def test_own_trajectory_is_accepted_and_logged_with_field_names_only(vrijwilliger, mine):
    entry = register(vrijwilliger, trajectory=mine, note="Brief van de gemeente uitgelegd")
    assert entry.trajectory == mine
    log = AuditEntry.objects.get(object_type="trajectories.timeentry")
    assert (log.action, log.actor, log.object_id) == ("create", vrijwilliger, str(entry.pk))
    assert log.client_id == mine.person.public_id
    assert log.fields == ["activity", "date", "minutes", "note", "trajectory"]
    assert "gemeente" not in str(AuditEntry.objects.values_list().get(pk=log.pk))


@pytest.mark.django_db
def test_another_volunteers_trajectory_is_refused(vrijwilliger, mine, theirs):
    with pytest.raises(DomainError, match=OWN_ONLY):
        register(vrijwilliger, trajectory=theirs)
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_coordinator_registers_on_open_trajectories_of_their_teams_only(
    coordinator, other_coordinator, mine, theirs
):
    assert register(coordinator, trajectory=mine).capacity == HoursCapacity.PROFESSIONAL
    with pytest.raises(DomainError, match=OWN_ONLY):
        register(other_coordinator, trajectory=mine)
    Trajectory.objects.filter(pk=theirs.pk).update(status=TrajectoryStatus.CLOSED, end_date=TODAY)
    with pytest.raises(DomainError, match=OWN_ONLY):
        register(coordinator, trajectory=theirs)
    assert TimeEntry.objects.count() == 1


@pytest.mark.django_db
def test_only_ones_own_recent_entries_can_be_deleted(vrijwilliger, other_vrijwilliger):
    entry = register(vrijwilliger, date=datetime.date(2026, 5, 1))
    with pytest.raises(DomainError, match="U kunt alleen uw eigen uren verwijderen."):
        hours.delete_hours(entry, other_vrijwilliger)
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    hours.delete_hours(entry, vrijwilliger)
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()
    log = AuditEntry.objects.get(action="delete")
    assert (log.actor, log.object_type, log.object_id) == (
        vrijwilliger,
        "trajectories.timeentry",
        str(entry.pk),
    )


@pytest.mark.django_db
def test_hours_of_before_last_month_can_no_longer_be_deleted(vrijwilliger):
    entry = register(vrijwilliger, date=datetime.date(2026, 4, 30))
    with pytest.raises(DomainError, match="vóór vorige maand kunnen niet meer"):
        hours.delete_hours(entry, vrijwilliger)
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_totals_are_split_by_capacity_and_never_added(vrijwilliger, coordinator):
    register(vrijwilliger, minutes=90)
    register(vrijwilliger, minutes=30, date=datetime.date(2026, 6, 1))
    register(vrijwilliger, minutes=45, date=datetime.date(2026, 5, 31))
    register(coordinator, minutes=120)
    assert hours.totals_by_capacity() == {
        HoursCapacity.VOLUNTEER: 165,
        HoursCapacity.PROFESSIONAL: 120,
    }
    assert hours.totals_by_capacity(TimeEntry.objects.filter(by=coordinator)) == {
        HoursCapacity.VOLUNTEER: 0,
        HoursCapacity.PROFESSIONAL: 120,
    }
    june = hours.entries_in_month(vrijwilliger, TODAY)
    assert [e.minutes for e in june.entries] == [90, 30]
    assert june.totals == {HoursCapacity.VOLUNTEER: 120}
    may = hours.entries_in_month(vrijwilliger, datetime.date(2026, 5, 20))
    assert may.totals == {HoursCapacity.VOLUNTEER: 45}


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1,5", 90),
        ("1.5", 90),
        ("1:30", 90),
        ("1u30", 90),
        ("2", 120),
        ("0,25", 15),
        (" 0,75 ", 45),
        ("12", 720),
        ("abc", None),
        ("1:75", None),
        (",5", None),
        ("1,5,5", None),
        ("", None),
    ],
)
def test_a_phone_user_types_hours_as_they_say_them(typed, minutes):
    assert parse_hours(typed) == minutes


# The pages.


@pytest.mark.django_db
def test_volunteer_registers_one_and_a_half_hours_and_sees_the_month_total(
    client, vrijwilliger, mine
):
    verified_login(client, vrijwilliger)
    response = client.post(
        reverse("trajectories:hours_add"),
        {
            "date": "2026-06-15",
            "hours": "1,5",
            "activity": "client",
            "trajectory": str(mine.public_id),
            "note": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('trajectories:my_work')}#uren"
    entry = TimeEntry.objects.get()
    assert (entry.by, entry.minutes, entry.capacity, entry.trajectory) == (
        vrijwilliger,
        90,
        HoursCapacity.VOLUNTEER,
        mine,
    )
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert "1:30 uur geregistreerd." in page
    assert "Vrijwilligersuren: <strong>1:30 uur</strong>" in page
    assert "Professionele uren" not in page


@pytest.mark.django_db
def test_coordinator_has_an_hours_page_with_professional_hours(client, coordinator):
    verified_login(client, coordinator)
    response = client.post(
        reverse("trajectories:hours_add"),
        {"date": "2026-06-14", "hours": "2", "activity": "training", "note": "Intervisie"},
    )
    assert response["Location"] == f"{reverse('trajectories:hours')}#uren"
    page = client.get(reverse("trajectories:hours")).content.decode()
    assert "Professionele uren: <strong>2:00 uur</strong>" in page
    assert "Vrijwilligersuren" not in page
    assert TimeEntry.objects.get().capacity == HoursCapacity.PROFESSIONAL


@pytest.mark.django_db
def test_volunteers_hours_page_is_mijn_werk(client, vrijwilliger):
    verified_login(client, vrijwilliger)
    response = client.get(reverse("trajectories:hours"))
    assert response["Location"] == f"{reverse('trajectories:my_work')}#uren"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"hours": "uur"}, "Vul de tijd in uren in, bijvoorbeeld 1,5 of 1:30."),
        ({"hours": "0"}, "Geef een tijd op tussen 1 minuut en 12 uur."),
        ({"hours": "13"}, "Geef een tijd op tussen 1 minuut en 12 uur."),
        (
            {"date": "2026-06-16"},
            "Uren kunnen niet worden geregistreerd voor een dag in de toekomst.",
        ),
        ({"date": "2026-04-01"}, "Uren kunnen tot 60 dagen terug worden geregistreerd"),
        ({"date": "gisteren"}, "Voer een geldige datum in."),
        ({"activity": "slapen"}, "slapen is geen beschikbare keuze"),
        ({"trajectory": "00000000-0000-4000-8000-000000000000"}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_hours_input_gives_a_message_and_saves_nothing(client, vrijwilliger, values, shown):
    verified_login(client, vrijwilliger)
    data = {"date": "2026-06-15", "hours": "1", "activity": "client", "note": ""}
    data.update(values)
    response = client.post(reverse("trajectories:hours_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De uren zijn niet opgeslagen; zie het formulier." in page
    assert shown in page
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_another_volunteers_trajectory_is_not_offered_nor_accepted(
    client, vrijwilliger, mine, theirs
):
    verified_login(client, vrijwilliger)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert str(mine.public_id) in page
    assert str(theirs.public_id) not in page
    response = client.post(
        reverse("trajectories:hours_add"),
        {"date": "2026-06-15", "hours": "1", "activity": "client", "trajectory": theirs.public_id},
    )
    assert response.status_code == 200
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_delete_from_the_page_only_ones_own(client, vrijwilliger, other_vrijwilliger):
    own = register(vrijwilliger)
    other = register(other_vrijwilliger)
    verified_login(client, vrijwilliger)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert reverse("trajectories:hours_delete", args=[own.pk]) in page
    assert reverse("trajectories:hours_delete", args=[other.pk]) not in page
    # Someone else's entry: 404, nothing deleted.
    assert client.post(reverse("trajectories:hours_delete", args=[other.pk])).status_code == 404
    assert TimeEntry.objects.filter(pk=other.pk).exists()
    response = client.post(reverse("trajectories:hours_delete", args=[own.pk]), follow=True)
    assert "De uren zijn verwijderd." in response.content.decode()
    assert not TimeEntry.objects.filter(pk=own.pk).exists()
    assert client.get(reverse("trajectories:hours_delete", args=[other.pk])).status_code == 405


@pytest.mark.django_db
def test_previous_month_is_shown_and_older_entries_have_no_delete_button(client, vrijwilliger):
    may = register(vrijwilliger, date=datetime.date(2026, 5, 20), minutes=60)
    april = register(vrijwilliger, date=datetime.date(2026, 4, 20), minutes=30)
    verified_login(client, vrijwilliger)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert "Geen uren geregistreerd in deze maand." in page
    assert "?maand=2026-05" in page
    page = client.get(reverse("trajectories:my_work"), {"maand": "2026-05"}).content.decode()
    assert "Mei 2026" in page
    assert reverse("trajectories:hours_delete", args=[may.pk]) in page
    page = client.get(reverse("trajectories:my_work"), {"maand": "2026-04"}).content.decode()
    assert "1:00" not in page
    assert reverse("trajectories:hours_delete", args=[april.pk]) not in page
    # A month that is no month, or in the future, shows this month.
    for bad in ("2026-13", "morgen", "2027-01", "<script>"):
        response = client.get(reverse("trajectories:my_work"), {"maand": bad})
        assert response.status_code == 200
        assert "Juni 2026" in response.content.decode()


@pytest.mark.django_db
def test_a_former_clients_name_no_longer_shows_in_ones_hours(
    client, vrijwilliger, coordinator, mine
):
    register(vrijwilliger, trajectory=mine)
    verified_login(client, vrijwilliger)
    assert mine.person.family_name in client.get(reverse("trajectories:my_work")).content.decode()
    services.end_assignment(assignment=mine.assignments.get(), actor=coordinator)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert mine.person.family_name not in page
    assert mine.product.name in page
