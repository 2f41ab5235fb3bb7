"""A volunteer cannot reach another volunteer's client through any list, search, detail URL,
export or form choice (issue 4, AC-02)."""

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole


@pytest.fixture
def two_files(open_trajectory, arnhem, coordinator, vrijwilliger, other_vrijwilliger):
    """Each volunteer of the same team has one client of their own."""
    mine = open_trajectory("VIP18")
    theirs = open_trajectory(
        "ASIEL:dossier",
        person=PersonFactory(municipality=arnhem, given_names="Anders", family_name="Zichtbaar"),
    )
    services.assign_volunteer(
        trajectory=mine, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    services.assign_volunteer(
        trajectory=theirs,
        volunteer=other_vrijwilliger,
        role=AssignmentRole.LEGAL,
        actor=coordinator,
    )
    return mine, theirs


def test_no_way_to_another_volunteers_client(client, vrijwilliger, two_files):
    mine, theirs = two_files
    verified_login(client, vrijwilliger)
    ids = [str(theirs.public_id), str(theirs.person.public_id)]

    def shows_nothing_of_theirs(response, markers=(*ids, "Zichtbaar")):
        body = response.content.decode()
        return not any(marker in body for marker in markers)

    # Lists.
    for name in ("trajectories:caseload", "trajectories:deadlines", "clients:index"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert shows_nothing_of_theirs(response), name
    assert str(mine.public_id) in client.get(reverse("trajectories:caseload")).content.decode()
    # Search, which answers on the POST itself (the typed term stands in the form again).
    for data in ({"name": "Zichtbaar"}, {"name": "Anders"}):
        response = client.post(reverse("clients:index"), data)
        assert shows_nothing_of_theirs(response, ids), data
        assert "Geen cliënt gevonden met deze zoekopdracht." in response.content.decode()
    # Detail pages, the client's trajectory list, the sensitive notes and the PDF export.
    for name, kwargs in [
        ("trajectories:detail", {"public_id": theirs.public_id}),
        ("trajectories:end_report", {"public_id": theirs.public_id}),
        ("trajectories:sensitive", {"public_id": theirs.public_id}),
        ("trajectories:for_person", {"person_id": theirs.person.public_id}),
        ("clients:detail", {"public_id": theirs.person.public_id}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    # Writing to it through a form of the own file's pages is refused as well.
    response = client.post(
        reverse("trajectories:contact_add", args=[theirs.public_id]),
        {"date": "2019-04-02", "duration_minutes": "30", "form": "phone", "note": "x"},
    )
    assert response.status_code == 404
    assert theirs.contact_moments.count() == 0


def test_caseload_filters_by_phase(client, coordinator, open_trajectory, arnhem):
    vip = open_trajectory("VIP18")
    asylum = open_trajectory("ASIEL:dossier", person=PersonFactory(municipality=arnhem))
    services.set_phase(trajectory=vip, phase="doelen", actor=coordinator)
    verified_login(client, coordinator)
    body = client.get(reverse("trajectories:caseload"), {"phase": "doelen"}).content.decode()
    assert str(vip.public_id) in body
    assert str(asylum.public_id) not in body
    bad = client.get(reverse("trajectories:caseload"), {"phase": "bestaat-niet"})
    assert bad.status_code == 200
    assert "bestaat-niet is geen beschikbare keuze" in bad.content.decode()
