"""Mijn werk, the volunteer's own view built for a phone (issue 5 part 5): a coördinator opens a
VIP 18 trajectory for a Tigrinya-speaking client and assigns a matched volunteer; that volunteer
sees that client and nobody else, logs contact moments from the page, and the page takes a
fixed number of queries whatever the number of clients."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Language
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import hours, services
from wegwijs.trajectories.constants import AssignmentRole, HoursActivity
from wegwijs.trajectories.models import ChecklistItem, ContactMoment, Trajectory
from wegwijs.volunteers.constants import LanguageLevel
from wegwijs.volunteers.factories import VolunteerLanguageFactory
from wegwijs.volunteers.models import VolunteerRole

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def tigrinya(reference):
    return Language.objects.get(code="ti")


@pytest.fixture
def tigrinya_coach(vrijwilliger, arnhem, tigrinya):
    """The vrijwilliger persona, screened (see conftest), coach in Arnhem, speaks Tigrinya."""
    profile = vrijwilliger.volunteer_profile
    profile.roles.add(VolunteerRole.objects.get(code="coach"))
    profile.municipalities.add(arnhem)
    VolunteerLanguageFactory(profile=profile, language=tigrinya, level=LanguageLevel.NATIVE)
    return vrijwilliger


@pytest.fixture
def others(open_trajectory, arnhem, coordinator, other_vrijwilliger):
    """Two other clients in the data: one of another volunteer, one of nobody's."""
    theirs = open_trajectory(
        "VIP18",
        person=PersonFactory(municipality=arnhem, given_names="Anders", family_name="Zichtbaar"),
    )
    services.assign_volunteer(
        trajectory=theirs,
        volunteer=other_vrijwilliger,
        role=AssignmentRole.COACH,
        actor=coordinator,
    )
    nobodys = open_trajectory(
        "VIP18",
        person=PersonFactory(municipality=arnhem, given_names="Nora", family_name="Onbekend"),
    )
    return theirs, nobodys


def test_coordinator_assigns_a_matched_volunteer_who_sees_only_that_client_on_my_work(
    client,
    coordinator,
    client_in_arnhem,
    signed_contract,
    tigrinya,
    tigrinya_coach,
    others,
    django_capture_on_commit_callbacks,
):
    theirs, nobodys = others
    client_in_arnhem.languages.add(tigrinya)
    verified_login(client, coordinator)

    # The coördinator opens a VIP 18 trajectory for the Tigrinya-speaking client.
    response = client.post(
        reverse("trajectories:create", args=[client_in_arnhem.public_id]),
        {
            "contract_line": signed_contract["VIP18"].pk,
            "start_date": "2019-04-01",
            "responsible": coordinator.pk,
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(person=client_in_arnhem)
    assert trajectory.product.code == "VIP18"

    # Matching suggests the Tigrinya-speaking coach; the coördinator assigns them.
    response = client.get(
        reverse("volunteers:match", args=[trajectory.public_id]), {"role": "coach"}
    )
    page = response.content.decode()
    assert tigrinya_coach.full_name in page
    assert "Tigrinya" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:match_assign", args=[trajectory.public_id]),
            {"role": "coach", "volunteer": str(tigrinya_coach.volunteer_profile.public_id)},
        )
    assert response.status_code == 302
    assert trajectory.assignments.current().get().volunteer == tigrinya_coach

    # The notification holds no client name.
    [message] = mail.outbox
    assert message.to == [tigrinya_coach.email]
    for name in (client_in_arnhem.given_names, client_in_arnhem.family_name):
        assert name not in message.subject
        assert name not in message.body

    # The volunteer's Mijn werk shows this client and none of the others.
    verified_login(client, tigrinya_coach)
    response = client.get(reverse("trajectories:my_work"))
    assert response.status_code == 200
    page = response.content.decode()
    assert client_in_arnhem.full_name in page
    assert reverse("trajectories:detail", args=[trajectory.public_id]) in page
    assert trajectory.product.name in page
    assert "coach" in page
    for other in (theirs, nobodys):
        assert other.person.family_name not in page
        assert other.person.given_names not in page
        assert str(other.public_id) not in page

    # Another client's trajectory and person pages are a 404.
    for other in (theirs, nobodys):
        assert client.get(reverse("trajectories:detail", args=[other.public_id])).status_code == 404
        assert (
            client.get(reverse("clients:detail", args=[other.person.public_id])).status_code == 404
        )


@pytest.fixture
def assigned(open_trajectory, coordinator, vrijwilliger):
    trajectory = open_trajectory("VIP18")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    return trajectory


def test_my_work_card_shows_what_is_due_and_the_last_contact(client, vrijwilliger, assigned):
    overdue, soon, done = assigned.checklist_items.select_related("template").order_by("pk")
    ChecklistItem.objects.filter(pk=overdue.pk).update(due_date=TODAY - datetime.timedelta(days=3))
    ChecklistItem.objects.filter(pk=soon.pk).update(due_date=TODAY + datetime.timedelta(days=10))
    ChecklistItem.objects.filter(pk=done.pk).update(
        due_date=TODAY - datetime.timedelta(days=1), done_on=TODAY, done_by=vrijwilliger
    )
    Trajectory.objects.filter(pk=assigned.pk).update(
        planned_end_date=TODAY + datetime.timedelta(days=20)
    )
    services.record_contact(
        trajectory=assigned,
        date=datetime.date(2026, 6, 1),
        duration_minutes=30,
        form="phone",
        note="",
        actor=vrijwilliger,
    )
    verified_login(client, vrijwilliger)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert overdue.template.name in page
    assert "te laat sinds 12-6-2026" in page
    assert soon.template.name in page
    assert "uiterlijk 25-6-2026" in page
    assert done.template.name not in page
    assert "geplande einddatum 5-7-2026" in page
    assert "Laatste contactmoment: 1-6-2026" in page

    # Further than 14 days (items) and 30 days (planned end) is not due yet.
    ChecklistItem.objects.filter(pk=soon.pk).update(due_date=TODAY + datetime.timedelta(days=15))
    Trajectory.objects.filter(pk=assigned.pk).update(
        planned_end_date=TODAY + datetime.timedelta(days=31)
    )
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert soon.template.name not in page
    assert "geplande einddatum" not in page
    assert overdue.template.name in page


def test_my_work_without_clients_says_so(client, vrijwilliger):
    verified_login(client, vrijwilliger)
    response = client.get(reverse("trajectories:my_work"))
    assert response.status_code == 200
    assert "U heeft nog geen cliënten." in response.content.decode()


def test_list_page_logs_no_read_per_client(client, vrijwilliger, assigned):
    """Like the caseload and the deadlines, Mijn werk is a list: opening a trajectory from it
    is logged, showing the list is not."""
    verified_login(client, vrijwilliger)
    before = AuditEntry.objects.filter(action="read").count()
    client.get(reverse("trajectories:my_work"))
    assert AuditEntry.objects.filter(action="read").count() == before


def contact_data(trajectory, **values):
    prefix = f"contact-{trajectory.public_id}"
    data = {"date": "2026-06-14", "duration_minutes": "45", "form": "home_visit", "note": "x"}
    data.update(values)
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_contact_moment_from_my_work_lands_back_on_my_work(client, vrijwilliger, assigned):
    verified_login(client, vrijwilliger)
    url = reverse("trajectories:my_work_contact", args=[assigned.public_id])
    response = client.post(url, contact_data(assigned, note="Formulieren doorgenomen"))
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:my_work")
    moment = ContactMoment.objects.get()
    assert (moment.trajectory, moment.by, moment.date, moment.duration_minutes) == (
        assigned,
        vrijwilliger,
        datetime.date(2026, 6, 14),
        45,
    )
    entry = AuditEntry.objects.get(object_type="trajectories.contactmoment")
    assert (entry.action, entry.client_id) == ("create", assigned.person.public_id)
    page = client.get(reverse("trajectories:my_work")).content.decode()
    assert "Het contactmoment is opgeslagen." in page
    assert "Laatste contactmoment: 14-6-2026" in page


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"duration_minutes": "een uur"}, "Voer een geheel getal in."),
        ({"duration_minutes": "0"}, "Zorg ervoor dat deze waarde minstens 1 is."),
        ({"date": "morgen"}, "Voer een geldige datum in."),
        ({"form": "telepathie"}, "telepathie is geen beschikbare keuze"),
        ({"date": "2026-06-16"}, "De datum van een contactmoment kan niet in de toekomst liggen."),
        ({"date": "2019-03-01"}, "Het contactmoment ligt voor de start van het traject."),
    ],
)
def test_bad_contact_input_on_my_work_gives_a_message_and_saves_nothing(
    client, vrijwilliger, assigned, values, shown
):
    verified_login(client, vrijwilliger)
    url = reverse("trajectories:my_work_contact", args=[assigned.public_id])
    response = client.post(url, contact_data(assigned, **values))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het contactmoment is niet opgeslagen; zie het formulier." in page
    assert shown in page
    assert ContactMoment.objects.count() == 0
    # The form stays open with what was typed.
    assert '<details class="work-form" open>' in page


def test_contact_on_another_volunteers_client_is_404(client, vrijwilliger, assigned, others):
    theirs, nobodys = others
    verified_login(client, vrijwilliger)
    for other in (theirs, nobodys):
        url = reverse("trajectories:my_work_contact", args=[other.public_id])
        assert client.post(url, contact_data(other)).status_code == 404
    assert ContactMoment.objects.count() == 0


def test_contact_endpoint_is_for_volunteers_only(client, coordinator, assigned):
    verified_login(client, coordinator)
    url = reverse("trajectories:my_work_contact", args=[assigned.public_id])
    assert client.post(url, contact_data(assigned)).status_code == 403
    assert client.get(reverse("trajectories:my_work")).status_code == 403


def _give(volunteer, coordinator, open_trajectory, arnhem, n):
    """``n`` more clients for ``volunteer``, each with a contact moment and hours."""
    for _ in range(n):
        trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
        services.assign_volunteer(
            trajectory=trajectory,
            volunteer=volunteer,
            role=AssignmentRole.MAATJE,
            actor=coordinator,
        )
        services.record_contact(
            trajectory=trajectory,
            date=TODAY,
            duration_minutes=30,
            form="phone",
            note="",
            actor=volunteer,
        )
        hours.record_hours(
            by=volunteer,
            date=TODAY,
            minutes=60,
            activity=HoursActivity.CLIENT,
            trajectory=trajectory,
        )


def test_my_work_takes_a_fixed_number_of_queries(
    client, vrijwilliger, coordinator, open_trajectory, arnhem, django_assert_max_num_queries
):
    verified_login(client, vrijwilliger)
    _give(vrijwilliger, coordinator, open_trajectory, arnhem, 1)
    url = reverse("trajectories:my_work")
    client.get(url)  # warm up session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _give(vrijwilliger, coordinator, open_trajectory, arnhem, 4)
    with django_assert_max_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count('class="card work-card"') == 5


def test_menu_and_dashboard_lead_a_volunteer_to_my_work(client, vrijwilliger, coordinator):
    from wegwijs.core.navigation import menu_for

    my_work = reverse("trajectories:my_work")
    menu = menu_for(vrijwilliger, my_work)
    assert [str(item["label"]) for item in menu][0] == "Mijn werk"
    # Only the most specific entry is current, not the caseload it sits under.
    assert [item["url"] for item in menu if item["active"]] == [my_work]
    assert reverse("trajectories:hours") not in [item["url"] for item in menu]
    coordinators = [item["url"] for item in menu_for(coordinator)]
    assert my_work not in coordinators
    assert reverse("trajectories:hours") in coordinators

    verified_login(client, vrijwilliger)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'<a href="{my_work}">Mijn werk openen</a>' in page
