"""The embedded SQLite of ``make run`` serves a small team at once (issue 10).

Ten users log in, open the dashboard and log out at the same moment, three times over, against
a file database with the settings' ``SQLITE_OPTIONS`` (WAL, ``BEGIN IMMEDIATE``, a busy
timeout). Before those options about one request in seven of this load answered the 503 page
("database unavailable: OperationalError"); ``tests/core/sqlite_load.py --without-options``
shows it again.
"""

import json
import subprocess
import sys

from django.conf import settings

USERS, ROUNDS = 10, 3


def test_ten_simultaneous_logins_on_file_sqlite_give_no_server_error(tmp_path):
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "tests.core.sqlite_load",
            str(tmp_path / "wegwijs.sqlite3"),
            str(USERS),
            str(ROUNDS),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == {}, done.stderr[-2000:]
    # Per user and round: the login and the logout redirect, the dashboard answers 200.
    assert result["statuses"] == {"200": USERS * ROUNDS, "302": 2 * USERS * ROUNDS}, result


def test_sqlite_options_are_those_of_concurrent_use():
    options = settings.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
