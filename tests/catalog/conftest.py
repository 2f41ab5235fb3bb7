import pytest

from wegwijs.catalog.reference import load_catalogue


@pytest.fixture
def catalogue(db):
    """The real catalogue of the repo, loaded as ``make run`` loads it."""
    return load_catalogue()
