"""The begeleider's supervision view: the 30-day contact flag, open and overdue checklist items,
supervision meetings, scope, and a query count that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import verified_login
from wegwijs.accounts.factories import UserFactory
from wegwijs.clients.factories import PersonFactory
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories.constants import ContactForm
from wegwijs.trajectories.models import Assignment, ContactMoment
from wegwijs.volunteers import services, supervision
from wegwijs.volunteers.constants import SupervisionKind
from wegwijs.volunteers.factories import VolunteerProfileFactory
from wegwijs.volunteers.models import SupervisionMeeting

TODAY = datetime.date(2026, 6, 1)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def shown(day: datetime.date) -> str:
    """A date as the Dutch pages show it (SHORT_DATE_FORMAT j-n-Y)."""
    return f"{day.day}-{day.month}-{day.year}"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def trajectory(open_trajectory):
    return open_trajectory("VIP18")


@pytest.fixture
def volunteer(screened_volunteer, coordinator):
    """The vrijwilliger persona, supervised by the coordinator persona."""
    screened_volunteer.begeleider = coordinator
    screened_volunteer.save()
    return screened_volunteer


def assign(trajectory, profile, *, started: int, role="coach"):
    return Assignment.objects.create(
        trajectory=trajectory,
        volunteer=profile.user,
        role=role,
        started_on=days_ago(started),
        created_by=trajectory.responsible,
    )


def contact(trajectory, by, *, ago: int):
    return ContactMoment.objects.create(
        trajectory=trajectory,
        date=days_ago(ago),
        duration_minutes=30,
        form=ContactForm.PHONE,
        by=by,
    )


def only_assignment(viewer, begeleider=None):
    [row] = supervision.supervision_overview(viewer, begeleider=begeleider or viewer)
    [assignment] = row.assignments
    return assignment


# The flag rule.


@pytest.mark.django_db
@pytest.mark.parametrize(("contact_days_ago", "flagged"), [(29, False), (30, True), (31, True)])
def test_flag_when_last_contact_by_the_volunteer_is_30_days_or_more_ago(
    coordinator, trajectory, volunteer, contact_days_ago, flagged
):
    assign(trajectory, volunteer, started=100)
    contact(trajectory, volunteer.user, ago=contact_days_ago)
    assignment = only_assignment(coordinator)
    assert assignment.last_contact == days_ago(contact_days_ago)
    assert assignment.flagged is flagged
    assert supervision.flagged_count(coordinator) == int(flagged)


@pytest.mark.django_db
@pytest.mark.parametrize(("started_days_ago", "flagged"), [(0, False), (29, False), (30, True)])
def test_assignment_without_contact_is_counted_from_its_start(
    coordinator, trajectory, volunteer, started_days_ago, flagged
):
    assign(trajectory, volunteer, started=started_days_ago)
    assignment = only_assignment(coordinator)
    assert assignment.last_contact is None
    assert assignment.flagged is flagged


@pytest.mark.django_db
def test_contact_from_before_the_assignment_started_counts_from_the_start(
    coordinator, trajectory, volunteer
):
    # The volunteer worked on this trajectory before; the new assignment is ten days old.
    contact(trajectory, volunteer.user, ago=200)
    assign(trajectory, volunteer, started=10)
    assignment = only_assignment(coordinator)
    assert assignment.last_contact == days_ago(200)
    assert assignment.flagged is False


@pytest.mark.django_db
def test_contact_by_someone_else_does_not_count(
    coordinator, trajectory, volunteer, other_vrijwilliger
):
    assign(trajectory, volunteer, started=100)
    contact(trajectory, volunteer.user, ago=40)
    contact(trajectory, coordinator, ago=1)
    contact(trajectory, other_vrijwilliger, ago=2)
    assignment = only_assignment(coordinator)
    assert assignment.last_contact == days_ago(40)
    assert assignment.flagged is True


@pytest.mark.django_db
def test_contact_on_another_trajectory_does_not_count(
    coordinator, trajectory, volunteer, open_trajectory, arnhem
):
    other = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    assign(trajectory, volunteer, started=100)
    contact(other, volunteer.user, ago=1)
    [row] = supervision.supervision_overview(coordinator, begeleider=coordinator)
    assert [a.flagged for a in row.assignments] == [True]


@pytest.mark.django_db
def test_ended_assignment_is_not_listed(coordinator, trajectory, volunteer):
    ended = assign(trajectory, volunteer, started=100)
    ended.ended_on = days_ago(5)
    ended.save()
    [row] = supervision.supervision_overview(coordinator, begeleider=coordinator)
    assert row.assignments == []
    assert supervision.flagged_count(coordinator) == 0


# Checklist, planned end, meetings.


@pytest.mark.django_db
def test_open_and_overdue_checklist_items(coordinator, trajectory, volunteer):
    items = list(trajectory.checklist_items.all())
    assert len(items) == 3
    trajectory.checklist_items.update(done_on=days_ago(400), done_by=coordinator)
    overdue, due_today, done_late = items
    for item, due in [(overdue, days_ago(1)), (due_today, TODAY)]:
        item.due_date, item.done_on, item.done_by = due, None, None
        item.save()
    done_late.due_date, done_late.done_on, done_late.done_by = days_ago(500), TODAY, coordinator
    done_late.save()
    assign(trajectory, volunteer, started=10)
    assignment = only_assignment(coordinator)
    # Due today is open but not yet overdue; done late counts for neither.
    assert (assignment.open_items, assignment.overdue_items) == (2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("planned_end", "passed"), [(1, True), (0, False)])
def test_planned_end_passed(coordinator, trajectory, volunteer, planned_end, passed):
    trajectory.planned_end_date = days_ago(planned_end)
    trajectory.save()
    assign(trajectory, volunteer, started=10)
    assert only_assignment(coordinator).past_planned_end is passed


@pytest.mark.django_db
def test_last_supervision_meeting_per_volunteer(coordinator, volunteer, other_vrijwilliger):
    other = VolunteerProfileFactory(user=other_vrijwilliger, begeleider=coordinator)
    services.record_supervision_meeting(
        kind=SupervisionKind.INTERVISIE,
        held_on=days_ago(60),
        volunteers=[volunteer, other],
        actor=coordinator,
    )
    services.record_supervision_meeting(
        kind=SupervisionKind.WERKBEGELEIDING,
        held_on=days_ago(7),
        volunteers=[other],
        actor=coordinator,
    )
    rows = supervision.supervision_overview(coordinator, begeleider=coordinator)
    assert {row.profile: row.last_meeting for row in rows} == {
        volunteer: days_ago(60),
        other: days_ago(7),
    }


# The page.


@pytest.mark.django_db
def test_page_lists_flagged_assignments_first_with_the_reason_and_links(
    client, coordinator, trajectory, volunteer, open_trajectory, arnhem
):
    recent_client = PersonFactory(municipality=arnhem, given_names="Recent", family_name="Contact")
    recent = open_trajectory("VIP18", person=recent_client)
    assign(recent, volunteer, started=100)
    contact(recent, volunteer.user, ago=3)
    assign(trajectory, volunteer, started=100)
    contact(trajectory, volunteer.user, ago=45)
    verified_login(client, coordinator)
    response = client.get(reverse("volunteers:supervision"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Geen contact sinds {shown(days_ago(45))}" in page
    assert page.index(trajectory.person.full_name) < page.index(recent_client.full_name)
    assert reverse("trajectories:detail", args=[trajectory.public_id]) in page
    assert reverse("volunteers:detail", args=[volunteer.public_id]) in page
    assert "1 toewijzing heeft al 30 dagen of langer geen contactmoment" in page


@pytest.mark.django_db
def test_new_assignment_without_contact_shows_since_the_start(
    client, coordinator, trajectory, volunteer
):
    assign(trajectory, volunteer, started=35)
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:supervision")).content.decode()
    assert f"Geen contact sinds de start op {shown(days_ago(35))}" in page


@pytest.mark.django_db
def test_empty_state(client, coordinator):
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:supervision")).content.decode()
    assert "U bent nog voor geen enkele vrijwilliger de verantwoordelijke begeleider." in page
    assert "Nog geen begeleidingsbijeenkomsten geregistreerd." in page


@pytest.mark.django_db
def test_coordinator_may_pick_a_colleague_of_the_same_team(
    client, coordinator, team, trajectory, volunteer
):
    colleague = UserFactory(coordinator=True, teams=[team])
    volunteer.begeleider = colleague
    volunteer.save()
    assign(trajectory, volunteer, started=40)
    verified_login(client, coordinator)
    own = client.get(reverse("volunteers:supervision")).content.decode()
    assert escape(volunteer.user.full_name) not in own
    response = client.get(reverse("volunteers:supervision"), {"begeleider": colleague.public_id})
    page = response.content.decode()
    assert escape(volunteer.user.full_name) in page
    assert escape(trajectory.person.full_name) in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "1"])
def test_unknown_professional_is_a_form_error(client, coordinator, volunteer, value):
    verified_login(client, coordinator)
    response = client.get(reverse("volunteers:supervision"), {"begeleider": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert escape(volunteer.user.full_name) not in page


@pytest.mark.django_db
def test_another_teams_coordinator_can_neither_see_nor_pick(
    client, coordinator, other_coordinator, trajectory, volunteer
):
    assign(trajectory, volunteer, started=40)
    verified_login(client, other_coordinator)
    response = client.get(reverse("volunteers:supervision"), {"begeleider": coordinator.public_id})
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert escape(volunteer.user.full_name) not in page
    assert escape(trajectory.person.full_name) not in page
    assert supervision.supervision_overview(other_coordinator, begeleider=coordinator) == []
    # Made the begeleider of a volunteer they cannot see, they still see nothing of it.
    volunteer.begeleider = other_coordinator
    volunteer.save()
    own = client.get(reverse("volunteers:supervision")).content.decode()
    assert escape(volunteer.user.full_name) not in own
    assert supervision.flagged_count(other_coordinator) == 0


@pytest.mark.django_db
def test_assignment_on_a_trajectory_outside_the_viewers_scope_is_left_out(
    coordinator, volunteer, open_trajectory, reference
):
    from wegwijs.organisation.models import Municipality

    elsewhere = Municipality.objects.exclude(teams__members=coordinator).first()
    trajectory = open_trajectory("VIP18")
    trajectory.person.municipality = elsewhere
    trajectory.person.save()
    assign(trajectory, volunteer, started=40)
    [row] = supervision.supervision_overview(coordinator, begeleider=coordinator)
    assert row.assignments == []


def _scenario(coordinator, open_trajectory, arnhem, volunteers: int):
    for _n in range(volunteers):
        profile = VolunteerProfileFactory(user__teams=list(coordinator.teams.all()))
        profile.begeleider = coordinator
        profile.save()
        for started in (10, 50):
            trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
            assign(trajectory, profile, started=started)
            contact(trajectory, profile.user, ago=5)
        services.record_supervision_meeting(
            kind=SupervisionKind.WERKBEGELEIDING,
            held_on=days_ago(3),
            volunteers=[profile],
            actor=coordinator,
        )


@pytest.mark.django_db
def test_query_count_does_not_grow_with_volunteers_and_assignments(
    client, coordinator, open_trajectory, arnhem
):
    verified_login(client, coordinator)
    url = reverse("volunteers:supervision")
    _scenario(coordinator, open_trajectory, arnhem, volunteers=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _scenario(coordinator, open_trajectory, arnhem, volunteers=3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count("<article") == 4
    assert len(large) == len(small)


@pytest.mark.django_db
def test_selectors_use_a_fixed_number_of_queries(
    coordinator, open_trajectory, arnhem, django_assert_num_queries
):
    _scenario(coordinator, open_trajectory, arnhem, volunteers=3)
    with django_assert_num_queries(2):
        rows = supervision.supervision_overview(coordinator, begeleider=coordinator)
        assert sum(len(row.assignments) for row in rows) == 6
    with django_assert_num_queries(1):
        assert supervision.flagged_count(coordinator) == 0


@pytest.mark.django_db
def test_dashboard_counts_flagged_assignments(client, coordinator, trajectory, volunteer):
    assign(trajectory, volunteer, started=40)
    verified_login(client, coordinator)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "1 toewijzing van de vrijwilligers die u begeleidt heeft al 30 dagen" in page
    assert reverse("volunteers:supervision") in page


def test_menu_has_one_current_entry_on_the_supervision_page(coordinator, beheerder):
    from wegwijs.core.navigation import menu_for

    url = reverse("volunteers:supervision")
    assert [item["url"] for item in menu_for(coordinator, url) if item["active"]] == [url]
    assert url not in [item["url"] for item in menu_for(beheerder)]


# Supervision meetings.


def post_meeting(client, **data):
    payload = {"kind": "intervisie", "held_on": "2026-05-28", "notes": "", **data}
    return client.post(reverse("volunteers:meeting_add"), payload)


@pytest.mark.django_db
def test_intervisie_with_two_volunteers_is_saved_and_logged(
    client, coordinator, volunteer, other_vrijwilliger
):
    other = VolunteerProfileFactory(user=other_vrijwilliger)
    verified_login(client, coordinator)
    assert client.get(reverse("volunteers:meeting_add")).status_code == 200
    response = post_meeting(
        client,
        volunteers=[volunteer.public_id, other.public_id],
        notes="Omgaan met grenzen in het contact.",
    )
    assert response.status_code == 302
    meeting = SupervisionMeeting.objects.get()
    assert meeting.held_by == coordinator
    assert meeting.date == datetime.date(2026, 5, 28)
    assert set(meeting.volunteers.all()) == {volunteer, other}
    entry = AuditEntry.objects.get(object_type="volunteers.supervisionmeeting")
    assert entry.action == AuditAction.CREATE
    assert entry.fields == ["date", "held_by", "kind", "notes", "volunteers"]
    assert "grenzen" not in str(entry.__dict__)
    page = client.get(response["Location"]).content.decode()
    assert "De begeleidingsbijeenkomst is opgeslagen." in page
    assert "Omgaan met grenzen in het contact." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "how_many", "message"),
    [
        ("werkbegeleiding", 2, "Een werkbegeleiding is met precies één vrijwilliger."),
        ("werkbegeleiding", 0, "Een werkbegeleiding is met precies één vrijwilliger."),
        ("intervisie", 0, "Kies ten minste één vrijwilliger voor de intervisie."),
    ],
)
def test_meeting_needs_the_right_number_of_volunteers(
    client, coordinator, volunteer, other_vrijwilliger, kind, how_many, message
):
    other = VolunteerProfileFactory(user=other_vrijwilliger)
    verified_login(client, coordinator)
    chosen = [volunteer.public_id, other.public_id][:how_many]
    response = post_meeting(client, kind=kind, volunteers=chosen)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "De begeleidingsbijeenkomst is niet opgeslagen; zie het formulier." in (
        response.content.decode()
    )
    assert not SupervisionMeeting.objects.exists()


@pytest.mark.django_db
def test_werkbegeleiding_with_one_volunteer_preselected_from_the_page(
    client, coordinator, volunteer
):
    verified_login(client, coordinator)
    form = client.get(reverse("volunteers:meeting_add"), {"volunteer": volunteer.public_id})
    assert f'value="{volunteer.public_id}"' in form.content.decode()
    assert "checked" in form.content.decode()
    response = post_meeting(client, kind="werkbegeleiding", volunteers=[volunteer.public_id])
    assert response.status_code == 302
    assert SupervisionMeeting.objects.get().kind == SupervisionKind.WERKBEGELEIDING


@pytest.mark.django_db
def test_meeting_date_in_the_future_is_refused(client, coordinator, volunteer):
    verified_login(client, coordinator)
    response = post_meeting(client, held_on="2026-06-02", volunteers=[volunteer.public_id])
    assert "De datum van de bijeenkomst kan niet in de toekomst liggen." in (
        response.content.decode()
    )
    assert not SupervisionMeeting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"kind": "anders"},
        {"held_on": "gisteren"},
        {"volunteers": ["not-a-uuid"]},
        {"volunteers": ["00000000-0000-4000-8000-000000000000"]},
    ],
)
def test_bad_meeting_input_is_a_form_error(client, coordinator, volunteer, data):
    verified_login(client, coordinator)
    response = post_meeting(client, **{"volunteers": [volunteer.public_id], **data})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not SupervisionMeeting.objects.exists()


@pytest.mark.django_db
def test_meeting_with_a_volunteer_of_another_team_is_refused(
    client, coordinator, other_coordinator, volunteer
):
    verified_login(client, other_coordinator)
    response = post_meeting(client, volunteers=[volunteer.public_id])
    assert response.status_code == 200
    assert not SupervisionMeeting.objects.exists()
    with pytest.raises(DomainError):
        services.record_supervision_meeting(
            kind=SupervisionKind.INTERVISIE,
            held_on=TODAY,
            volunteers=[volunteer],
            actor=other_coordinator,
        )
    assert not SupervisionMeeting.objects.exists()


@pytest.mark.django_db
def test_recent_meetings_are_capped_with_a_page_for_all(client, coordinator, volunteer):
    for n in range(7):
        services.record_supervision_meeting(
            kind=SupervisionKind.WERKBEGELEIDING,
            held_on=days_ago(n + 1),
            volunteers=[volunteer],
            notes=f"Bijeenkomst nummer {n}.",
            actor=coordinator,
        )
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:supervision")).content.decode()
    assert page.count("Bijeenkomst nummer") == supervision.RECENT_MEETINGS
    assert "Bijeenkomst nummer 0." in page
    assert "Bijeenkomst nummer 6." not in page
    assert reverse("volunteers:meetings") in page
    all_page = client.get(reverse("volunteers:meetings")).content.decode()
    assert all_page.count("Bijeenkomst nummer") == 7
    assert client.get(reverse("volunteers:meetings"), {"page": "x"}).status_code == 200
    foreign = client.get(reverse("volunteers:meetings"), {"begeleider": "nope"})
    assert foreign.status_code == 200
    assert "Bijeenkomst nummer" not in foreign.content.decode()


@pytest.mark.django_db
def test_meeting_form_says_when_there_are_no_volunteers_to_choose(client, coordinator):
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:meeting_add")).content.decode()
    assert "Er zijn nog geen vrijwilligers in uw teams." in page
    assert 'aria-describedby="id_volunteers_helptext"' in page


@pytest.mark.django_db
def test_meeting_form_lists_the_volunteers_to_choose(client, coordinator, volunteer):
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:meeting_add")).content.decode()
    assert f'value="{volunteer.public_id}"' in page
    assert escape(volunteer.user.full_name) in page
    assert "Er zijn nog geen vrijwilligers in uw teams." not in page
