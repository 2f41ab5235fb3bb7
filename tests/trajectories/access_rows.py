"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the trajectory pages.

The matrix runs without data, so pages about one trajectory get an unknown UUID and answer 404
to those who may use them; tests/trajectories/test_views.py walks the personas over real
trajectories in and out of their scope.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]
COORDINATORS = {"coordinator", "other_coordinator"}
VOLUNTEERS = {"vrijwilliger", "other_vrijwilliger"}
WORKERS = COORDINATORS | VOLUNTEERS
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _for(personas, status):
    return {"anonymous": LOGIN, **{p: status if p in personas else 403 for p in LOGGED_IN}}


ROWS: dict[str, dict[str, object]] = {
    "trajectories:caseload": _for(WORKERS, 200),
    "trajectories:deadlines": _for(WORKERS, 200),
    "trajectories:create": _for(COORDINATORS, 404),
    "trajectories:for_person": _for(WORKERS, 404),
    "trajectories:detail": _for(WORKERS, 404),
    "trajectories:close": _for(COORDINATORS, 404),
    # POST only.
    "trajectories:advance": _for(COORDINATORS, 405),
    "trajectories:contact_add": _for(WORKERS, 405),
    "trajectories:housing_dates": _for(COORDINATORS, 405),
    "trajectories:assign": _for(COORDINATORS, 405),
    "trajectories:assignment_end": _for(COORDINATORS, 405),
    "trajectories:item_done": _for(WORKERS, 405),
    "trajectories:item_reopen": _for(WORKERS, 405),
    "trajectories:phase": _for(COORDINATORS, 405),
    "trajectories:goal_add": _for(COORDINATORS, 405),
    "trajectories:goal_result": _for(COORDINATORS, 405),
    "trajectories:evaluation_add": _for(COORDINATORS, 405),
    "trajectories:outcome": _for(COORDINATORS, 405),
    # GET pages about one trajectory.
    "trajectories:sensitive": _for(WORKERS, 404),
    "trajectories:end_report": _for(WORKERS, 404),
    # The volunteer's phone view and hours (a volunteer's hours page is on Mijn werk).
    "trajectories:my_work": _for(VOLUNTEERS, 200),
    "trajectories:my_work_contact": _for(VOLUNTEERS, 405),
    "trajectories:hours": {
        **_for(COORDINATORS, 200),
        **dict.fromkeys(VOLUNTEERS, 302),
    },
    "trajectories:hours_add": _for(WORKERS, 405),
    "trajectories:hours_delete": _for(WORKERS, 405),
}
_ONE = {"public_id": UNKNOWN}
URL_KWARGS: dict[str, dict[str, object]] = {
    "trajectories:create": {"person_id": UNKNOWN},
    "trajectories:for_person": {"person_id": UNKNOWN},
    "trajectories:detail": _ONE,
    "trajectories:close": _ONE,
    "trajectories:advance": _ONE,
    "trajectories:contact_add": _ONE,
    "trajectories:housing_dates": _ONE,
    "trajectories:assign": _ONE,
    "trajectories:assignment_end": {"public_id": UNKNOWN, "assignment_id": 1},
    "trajectories:item_done": {"public_id": UNKNOWN, "item_id": 1},
    "trajectories:item_reopen": {"public_id": UNKNOWN, "item_id": 1},
    "trajectories:phase": _ONE,
    "trajectories:goal_add": _ONE,
    "trajectories:goal_result": {"public_id": UNKNOWN, "goal_id": 1},
    "trajectories:evaluation_add": _ONE,
    "trajectories:outcome": _ONE,
    "trajectories:sensitive": _ONE,
    "trajectories:end_report": _ONE,
    "trajectories:my_work_contact": _ONE,
    "trajectories:hours_delete": {"entry_id": 1},
}
