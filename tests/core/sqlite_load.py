"""Simultaneous logins against a file SQLite database with the settings of ``make run``.

Run by ``test_sqlite_concurrency.py`` in a process of its own (the test suite's database is in
memory): ``python -m tests.core.sqlite_load DATABASE_FILE USERS ROUNDS [--without-options]``.
Migrates the file, makes USERS accounts, then lets USERS threads log in and open the
dashboard at the same moment, ROUNDS times, through the whole middleware stack (session, the
lockout's records, the access log's hash chain). Prints one JSON line: the status codes, the
errors and the seconds taken.
"""

import json
import os
import sys
import threading
import time
from collections import Counter


def main(path: str, users: int, rounds: int, without_options: bool) -> dict:
    os.environ.update(
        {
            "WEGWIJS_ENV": "development",
            "DATABASE_URL": f"sqlite:///{path}",
            "TWO_FACTOR_MANDATORY": "off",
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "wegwijs.settings",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    if without_options:  # the former default, to show what the options change
        settings.DATABASES["default"]["OPTIONS"] = {}
        connections["default"].settings_dict["OPTIONS"] = {}
    call_command("migrate", verbosity=0)
    from wegwijs.accounts.factories import DEFAULT_PASSWORD, UserFactory

    accounts = [UserFactory(email=f"load{i}@example.org").email for i in range(users)]
    connections.close_all()
    statuses, errors = Counter(), Counter()
    barrier = threading.Barrier(users)

    def one_user(email):
        client = Client()
        try:
            for _round in range(rounds):
                barrier.wait()
                response = client.post(
                    reverse("accounts:login"), {"username": email, "password": DEFAULT_PASSWORD}
                )
                statuses[response.status_code] += 1
                statuses[client.get(reverse("core:dashboard")).status_code] += 1
                statuses[client.post(reverse("accounts:logout")).status_code] += 1
        except Exception as error:  # reported, and the test fails on it
            errors[type(error).__name__] += 1
            barrier.abort()
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [threading.Thread(target=one_user, args=(email,)) for email in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "errors": dict(errors),
        "seconds": round(time.monotonic() - started, 2),
    }


if __name__ == "__main__":
    result = main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), "--without-options" in sys.argv)
    print(json.dumps(result))
