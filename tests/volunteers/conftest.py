import pytest

from tests.trajectories.conftest import (  # noqa: F401 (fixtures shared with trajectories)
    arnhem,
    client_in_arnhem,
    open_trajectory,
    reference,
    signed_contract,
)
from wegwijs.volunteers.factories import VolunteerProfileFactory
from wegwijs.volunteers.models import VolunteerRole


@pytest.fixture
def coach_role(reference):  # noqa: F811 (the imported fixture)
    return VolunteerRole.objects.get(code="coach")


@pytest.fixture
def screened_volunteer(vrijwilliger, coach_role, arnhem):  # noqa: F811 (the imported fixture)
    """The vrijwilliger persona with an active, screened profile, coach in Arnhem."""
    return VolunteerProfileFactory(user=vrijwilliger, roles=[coach_role], municipalities=[arnhem])
