"""The caseload sorted by client goes by the family name without the tussenvoegsel, as Dutch
lists do: "van Limburg" under L (issue 13, item 4)."""

from wegwijs.clients.factories import PersonFactory
from wegwijs.trajectories import selectors


def test_the_caseload_sorts_clients_by_family_name_without_the_tussenvoegsel(
    open_trajectory, client_in_arnhem, coordinator
):
    client_in_arnhem.given_names, client_in_arnhem.surname_prefix = "Jan", "van"
    client_in_arnhem.family_name = "Limburg"
    client_in_arnhem.save()
    for prefix, family in (("", "Kok"), ("de", "Maas"), ("", "Aziz")):
        person = PersonFactory(
            given_names="Sara",
            surname_prefix=prefix,
            family_name=family,
            municipality=client_in_arnhem.municipality,
            date_of_birth=client_in_arnhem.date_of_birth,
        )
        open_trajectory(person=person)
    open_trajectory()
    rows = selectors.caseload(coordinator, sort="client")
    assert [t.person.full_name for t in rows] == [
        "Sara Aziz",
        "Sara Kok",
        "Jan van Limburg",
        "Sara de Maas",
    ]
