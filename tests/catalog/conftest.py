import pytest

from tests import reference_snapshot
from wegwijs.catalog.reference import load_catalogue


@pytest.fixture
def catalogue(db, django_db_blocker):
    """The real catalogue of the repo, loaded as ``make run`` loads it."""
    reference_snapshot.load("catalogue", load_catalogue, django_db_blocker)
