"""Trajectory pages: scoping per persona, the access log, forms and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Person
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole
from wegwijs.trajectories.models import ChecklistItem, ContactMoment, Trajectory

D = datetime.date


@pytest.fixture
def trajectory(open_trajectory):
    return open_trajectory("VIP18")


def detail_url(trajectory):
    return reverse("trajectories:detail", args=[trajectory.public_id])


def test_coordinator_opens_the_file_and_the_read_is_logged(client, coordinator, trajectory):
    verified_login(client, coordinator)
    response = client.get(detail_url(trajectory))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Keuze in het kader van de inburgeringsplicht gemaakt" in body
    assert "15-5-2019" in body  # Dutch short date
    reads = AuditEntry.objects.filter(
        action="read", object_id=str(trajectory.public_id), actor=coordinator
    )
    assert reads.count() == 1
    assert reads.get().client_id == trajectory.person.public_id


@pytest.mark.parametrize("persona", ["other_coordinator", "vrijwilliger"])
def test_out_of_scope_answers_404_and_is_absent_from_lists(persona, persona_client, trajectory):
    client = persona_client(persona)
    assert client.get(detail_url(trajectory)).status_code == 404
    assert (
        str(trajectory.public_id)
        not in client.get(reverse("trajectories:caseload")).content.decode()
    )
    assert (
        str(trajectory.public_id)
        not in client.get(reverse("trajectories:deadlines")).content.decode()
    )
    assert (
        client.get(reverse("clients:detail", args=[trajectory.person.public_id])).status_code == 404
    )


def test_assigned_volunteer_sees_the_file_and_nothing_else(
    client, coordinator, vrijwilliger, trajectory, open_trajectory, arnhem
):
    other = open_trajectory("VI8", person=PersonFactory(municipality=arnhem))
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    verified_login(client, vrijwilliger)
    assert client.get(detail_url(trajectory)).status_code == 200
    assert client.get(detail_url(other)).status_code == 404
    caseload = client.get(reverse("trajectories:caseload")).content.decode()
    assert str(trajectory.public_id) in caseload
    assert str(other.public_id) not in caseload
    # The volunteer may record, not manage.
    response = client.post(
        reverse("trajectories:contact_add", args=[trajectory.public_id]),
        {"date": "2019-04-02", "duration_minutes": "30", "form": "phone", "note": "Gebeld"},
    )
    assert response.status_code == 302
    assert ContactMoment.objects.get().by == vrijwilliger
    close = client.get(reverse("trajectories:close", args=[trajectory.public_id]))
    assert close.status_code == 403


def test_intake_registers_a_trajectory(client, coordinator, signed_contract, client_in_arnhem):
    verified_login(client, coordinator)
    url = reverse("trajectories:create", args=[client_in_arnhem.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "Controleer de doelgroep zelf" in page.content.decode()
    response = client.post(
        url,
        {
            "contract_line": signed_contract["VIP18"].pk,
            "start_date": "2019-04-01",
            "responsible": coordinator.pk,
        },
    )
    trajectory = Trajectory.objects.get()
    assert response.url == detail_url(trajectory)
    assert trajectory.planned_end_date == D(2020, 10, 1)


def test_intake_refusal_is_shown_and_saves_nothing(
    client, coordinator, signed_contract, client_in_arnhem
):
    verified_login(client, coordinator)
    url = reverse("trajectories:create", args=[client_in_arnhem.public_id])
    response = client.post(
        url,
        {
            "contract_line": signed_contract["VIP18"].pk,
            # Next year: in the future, yet within the dates a form takes (IO-01).
            "start_date": str(datetime.date.today().year + 1) + "-01-01",
            "responsible": coordinator.pk,
        },
    )
    assert response.status_code == 200
    assert "De startdatum ligt in de toekomst." in response.content.decode()
    assert Trajectory.objects.count() == 0


def test_close_form_refuses_a_date_before_the_start(client, coordinator, trajectory):
    verified_login(client, coordinator)
    url = reverse("trajectories:close", args=[trajectory.public_id])
    response = client.post(
        url, {"end_date": "2019-03-01", "reason": "verhuisd", "version": trajectory.version}
    )
    assert response.status_code == 200
    assert "ligt voor de startdatum" in response.content.decode()
    trajectory.refresh_from_db()
    assert not trajectory.is_closed
    response = client.post(
        url, {"end_date": "2019-09-01", "reason": "verhuisd", "version": trajectory.version}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.is_closed


def test_checklist_item_done_from_the_page(client, coordinator, trajectory):
    verified_login(client, coordinator)
    item = trajectory.checklist_items.get(template__code="brede-intake")
    response = client.post(
        reverse("trajectories:item_done", args=[trajectory.public_id, item.pk]),
        {"done_on": "2019-04-10"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_on == D(2019, 4, 10)


def test_an_item_of_another_trajectory_is_not_found(
    client, coordinator, trajectory, open_trajectory, arnhem
):
    other = open_trajectory("VI8", person=PersonFactory(municipality=arnhem))
    item = ChecklistItem.objects.filter(trajectory=other).first()
    verified_login(client, coordinator)
    response = client.post(
        reverse("trajectories:item_done", args=[trajectory.public_id, item.pk]),
        {"done_on": "2019-04-10"},
    )
    assert response.status_code == 404


def test_deadlines_list_shows_due_and_overdue_items(client, coordinator, trajectory):
    verified_login(client, coordinator)
    body = client.get(reverse("trajectories:deadlines")).content.decode()
    assert "Keuze in het kader van de inburgeringsplicht gemaakt" in body
    assert "te laat" in body


def make_trajectories(count, *, line, person_municipality, responsible):
    """``count`` trajectories written in bulk, to measure list pages at scale."""
    persons = Person.objects.bulk_create(
        [
            Person(
                given_names="Naam",
                family_name=f"Achternaam{i}",
                name_key=f"achternaam{i} naam",
                date_of_birth=D(1980, 1, 1),
                municipality=person_municipality,
            )
            for i in range(count)
        ]
    )
    Trajectory.objects.bulk_create(
        [
            Trajectory(
                product=line.tariff.product,
                contract_line=line,
                tariff=line.tariff,
                person=person,
                responsible=responsible,
                created_by=responsible,
                start_date=D(2019, 4, 1),
                planned_end_date=D(2020, 10, 1),
            )
            for person in persons
        ]
    )


def test_caseload_query_count_does_not_grow(client, coordinator, signed_contract, arnhem):
    verified_login(client, coordinator)
    url = reverse("trajectories:caseload")
    client.get(url)  # the first request stamps the session

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    make_trajectories(
        20, line=signed_contract["VIP18"], person_municipality=arnhem, responsible=coordinator
    )
    small = queries()
    make_trajectories(
        1980, line=signed_contract["VIP18"], person_municipality=arnhem, responsible=coordinator
    )
    assert Trajectory.objects.count() == 2000
    large = queries()
    print(f"caseload queries: {small} with 20 trajectories, {large} with 2,000")
    assert small == large


def test_client_page_lists_trajectories_through_htmx(client, coordinator, trajectory):
    verified_login(client, coordinator)
    person_page = client.get(reverse("clients:detail", args=[trajectory.person.public_id]))
    url = reverse("trajectories:for_person", args=[trajectory.person.public_id])
    assert f'hx-get="{url}"' in person_page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert detail_url(trajectory) in fragment.content.decode()
    assert "<html" in client.get(url).content.decode()


def test_volunteer_sees_only_assigned_trajectories_of_a_client(
    client, coordinator, vrijwilliger, trajectory, open_trajectory
):
    second = open_trajectory("TAALCOACH:12m", person=trajectory.person)
    services.assign_volunteer(
        trajectory=second, volunteer=vrijwilliger, role=AssignmentRole.TAALCOACH, actor=coordinator
    )
    verified_login(client, vrijwilliger)
    fragment = client.get(
        reverse("trajectories:for_person", args=[trajectory.person.public_id]),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert detail_url(second) in fragment
    assert detail_url(trajectory) not in fragment
