"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the measurement pages.

The matrix runs without data: an unknown trajectory answers 404 to those who may use the page;
tests/measurements/test_views.py walks the personas over real trajectories.
"""

from tests.trajectories.access_rows import COORDINATORS, UNKNOWN, WORKERS, _for

ROWS: dict[str, dict[str, object]] = {
    "measurements:progress": _for(WORKERS, 404),
    "measurements:record": _for(COORDINATORS, 404),
}
URL_KWARGS: dict[str, dict[str, object]] = {
    "measurements:progress": {"public_id": UNKNOWN},
    "measurements:record": {"public_id": UNKNOWN},
}
