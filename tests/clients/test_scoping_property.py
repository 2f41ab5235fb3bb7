"""AC-02 as a property: whatever persons live where and whichever teams a coördinator is in,
``visible_to`` and the search return exactly the persons of the teams' municipalities."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from wegwijs.accounts.factories import TeamFactory, UserFactory
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Person
from wegwijs.clients.selectors import search_persons
from wegwijs.organisation.factories import MunicipalityFactory

MUNICIPALITIES = 4


class VisibilityProperty(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(
        homes=st.lists(st.integers(0, MUNICIPALITIES - 1), min_size=0, max_size=8),
        covered=st.sets(st.integers(0, MUNICIPALITIES - 1), max_size=MUNICIPALITIES),
        role=st.sampled_from(["coordinator", "vrijwilliger", "financieel", "privacy_officer"]),
    )
    def test_visible_persons_are_exactly_those_of_the_teams_municipalities(
        self, homes, covered, role
    ):
        municipalities = [
            MunicipalityFactory(cbs_code=f"GM{8000 + i}") for i in range(MUNICIPALITIES)
        ]
        team = TeamFactory(name="Team P", municipalities=[municipalities[i] for i in covered])
        user = UserFactory(email="p@example.org", role=role, teams=[team])
        persons = [
            PersonFactory(
                family_name="Zoekbaar",
                municipality=municipalities[home],
                date_of_birth=datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
            )
            for n, home in enumerate(homes)
        ]
        expected = (
            {p.pk for p, home in zip(persons, homes, strict=True) if home in covered}
            if role == "coordinator"
            else set()
        )
        visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        found = set(search_persons(user, name="zoekbaar").values_list("pk", flat=True))
        assert visible == expected
        assert found == expected
