"""Hashed one-time recovery codes (SECURITY.md AUTH-01, AUTH-05)."""

import datetime
import importlib
import math
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from tests.accounts.test_two_factor import code_for, enrol, password_login
from wegwijs.accounts import recovery, services
from wegwijs.accounts.models import RecoveryCode, RecoveryCodeDevice
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry

CODE_PATTERN = re.compile(r"^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$")
MIGRATION = "0003_hash_static_recovery_tokens"


def all_stored_text():
    """Every value in every table of the database, as text."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return values


def assert_not_stored(codes, values):
    forms = {form for code in codes for form in (code, recovery.normalise(code), code.upper())}
    leaks = [(form, value) for value in values for form in forms if form in value]
    assert leaks == []


def log_in_with(client, user, token):
    client.post(reverse("accounts:logout"))
    password_login(client, user)
    return client.post(reverse("accounts:two_factor"), {"token": token})


def test_codes_are_readable_groups_of_fifty_random_bits():
    codes = recovery.generate_codes()
    assert len(codes) == len(set(codes)) == 10
    assert all(CODE_PATTERN.match(code) for code in codes), codes
    assert len(recovery.ALPHABET) == len(set(recovery.ALPHABET)) == 32
    assert not set("ilou") & set(recovery.ALPHABET)
    assert recovery.CODE_LENGTH * math.log2(len(recovery.ALPHABET)) >= 50


def test_input_is_normalised_before_hashing():
    assert recovery.normalise(" ABcD-efGH jk\t") == "abcdefghjk"
    assert recovery.normalise("o1l-I0") == "01110"
    assert recovery.hash_code("abcd-efgh-jk") == recovery.hash_code("ABCD EFGH JK")
    assert recovery.hash_code("abcd-efgh-jk") != recovery.hash_code("abcd-efgh-jm")
    assert re.fullmatch(r"[0-9a-f]{64}", recovery.hash_code("abcd-efgh-jk"))


def test_hash_is_keyed_by_the_secret_key_and_its_fallbacks(settings):
    old_key = settings.SECRET_KEY
    before = recovery.hash_code("abcd-efgh-jk")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    settings.SECRET_KEY_FALLBACKS = []
    assert recovery.hash_code("abcd-efgh-jk") != before
    assert before not in recovery.candidate_hashes("abcd-efgh-jk")
    # While the old key is a fallback, codes hashed under it still match.
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert recovery.matches(before, recovery.candidate_hashes("ABCD EFGH JK"))


@pytest.mark.django_db
def test_database_holds_no_plain_code(client, coordinator):
    password_login(client, coordinator)
    _device, codes = enrol(client)
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(device__user=coordinator).count() == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert stored == {recovery.hash_code(code) for code in codes}
    assert_not_stored(codes, all_stored_text())
    # The old plain-text plugin is no longer written to.
    assert not StaticToken.objects.exists()


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once(client, coordinator):
    password_login(client, coordinator)
    _device, codes = enrol(client)

    response = log_in_with(client, coordinator, codes[3])
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Ongebruikte herstelcodes over: 9." in page.content.decode()
    assert client.session["otp_device_id"].startswith("accounts.recoverycodedevice/")

    response = log_in_with(client, coordinator, codes[3])
    assert response.status_code == 200
    assert "al gebruikt" in response.content.decode()
    assert client.get("/").status_code == 302
    used = RecoveryCode.objects.get(used_at__isnull=False)
    assert used.code_hash == recovery.hash_code(codes[3])
    assert services.recovery_codes_left(coordinator) == 9


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.upper(),
        lambda code: code.replace("-", ""),
        lambda code: " " + code.replace("-", " ") + " ",
        lambda code: code.replace("-", " - ").upper(),
    ],
)
def test_codes_typed_with_spaces_capitals_or_hyphens_work(client, coordinator, typed):
    password_login(client, coordinator)
    _device, codes = enrol(client)
    response = log_in_with(client, coordinator, typed(codes[0]))
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_lookalike_letters_are_read_as_digits(coordinator):
    device = RecoveryCodeDevice.objects.create(user=coordinator, name="recovery codes")
    RecoveryCode.objects.create(device=device, code_hash=recovery.hash_code("0123-4567-89"))
    accepted, _throttled = services.verify_second_factor(user=coordinator, token="OI23-4567-89")
    assert accepted == device


@pytest.mark.django_db
def test_wrong_recovery_codes_throttle(client, coordinator, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
    password_login(client, coordinator)
    _device, codes = enrol(client)
    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    wrong = "zzzz-zzzz-zz"
    assert wrong not in codes
    # Five wrong codes, each after the back-off of the one before has passed (1, 2, 4, 8 s).
    for failures in range(5):
        if failures:
            time_machine.shift(2 ** (failures - 1))
        response = client.post(reverse("accounts:two_factor"), {"token": wrong})
        assert response.status_code == 200
    device = RecoveryCodeDevice.objects.get(user=coordinator)
    assert device.throttling_failure_count == 5
    # The sixth wrong code comes too soon: 429, and even a right code is refused for now.
    assert client.post(reverse("accounts:two_factor"), {"token": wrong}).status_code == 429
    response = client.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert response.status_code == 429
    assert services.recovery_codes_left(coordinator) == 10
    # After the wait the right code works, and the count starts again.
    time_machine.shift(17)
    assert client.post(reverse("accounts:two_factor"), {"token": codes[0]}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


@pytest.mark.django_db
def test_page_shows_how_many_codes_are_left(client, coordinator):
    password_login(client, coordinator)
    _device, codes = enrol(client)
    page = client.get(reverse("accounts:recovery_codes"))
    assert "U heeft nog 10 ongebruikte herstelcodes." in page.content.decode()
    log_in_with(client, coordinator, codes[0])
    page = client.get(reverse("accounts:recovery_codes"))
    assert "U heeft nog 9 ongebruikte herstelcodes." in page.content.decode()
    assert 'method="post"' in page.content.decode()


@pytest.mark.django_db
def test_regenerating_invalidates_the_old_codes(client, coordinator, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
    password_login(client, coordinator)
    device, old_codes = enrol(client)

    # The enrolment code cannot be replayed; the next step's code is a fresh one.
    response = client.post(reverse("accounts:recovery_codes"), {"token": code_for(device, 1)})
    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    content = response.content.decode()
    assert "Uw nieuwe herstelcodes" in content
    assert "Uw oude codes werken niet meer." in content
    assert all(code in content for code in new_codes)
    assert RecoveryCode.objects.count() == 10
    assert AuditEntry.objects.filter(event="recovery_codes_regenerated", actor=coordinator).exists()

    assert log_in_with(client, coordinator, old_codes[0]).status_code == 200
    assert client.get("/").status_code == 302
    time_machine.shift(2)  # past the back-off of that wrong code
    assert log_in_with(client, coordinator, new_codes[0]).status_code == 302
    assert client.get("/").status_code == 200
    assert_not_stored(old_codes + new_codes, all_stored_text())


@pytest.mark.django_db
def test_regenerating_needs_a_current_code_from_the_app(client, coordinator):
    password_login(client, coordinator)
    _device, codes = enrol(client)
    before = set(RecoveryCode.objects.values_list("code_hash", flat=True))

    for token in ("123456", codes[0]):
        response = client.post(reverse("accounts:recovery_codes"), {"token": token})
        assert response.status_code == 200
        assert "Deze code klopt niet." in response.content.decode()
    # A recovery code does not buy a new set, and is not used up by the attempt either.
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == before
    assert services.recovery_codes_left(coordinator) == 10
    assert AuditEntry.objects.filter(event="recovery_codes_refused").count() == 2
    with pytest.raises(DomainError) as refused:
        services.regenerate_recovery_codes(user=coordinator, token=codes[1])
    assert refused.value.code == "wrong_code"


@pytest.mark.django_db
def test_regenerating_is_throttled_like_the_login(client, coordinator):
    password_login(client, coordinator)
    device, _codes = enrol(client)
    client.post(reverse("accounts:recovery_codes"), {"token": "000000"})
    response = client.post(reverse("accounts:recovery_codes"), {"token": code_for(device, 1)})
    assert response.status_code == 429
    assert "codes" not in response.context


@pytest.mark.django_db
def test_page_without_authenticator_offers_the_set_up(client, settings, coordinator):
    settings.TWO_FACTOR_MANDATORY = "off"
    password_login(client, coordinator)
    page = client.get(reverse("accounts:recovery_codes"))
    assert page.status_code == 200
    assert reverse("accounts:two_factor_setup") in page.content.decode()
    response = client.post(reverse("accounts:recovery_codes"), {"token": "123456"})
    assert response.status_code == 200
    assert not RecoveryCode.objects.exists()


@pytest.mark.django_db
def test_audit_entries_hold_no_code(client, coordinator):
    password_login(client, coordinator)
    device, codes = enrol(client)
    assert log_in_with(client, coordinator, codes[0]).status_code == 302
    client.post(reverse("accounts:recovery_codes"), {"token": codes[1]})
    response = client.post(reverse("accounts:recovery_codes"), {"token": code_for(device, 1)})
    new_codes = response.context["codes"]
    log_in_with(client, coordinator, "zzzz-zzzz-zz")

    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {
        "otp_enrolled",
        "recovery_code_used",
        "otp_failed",
        "recovery_codes_refused",
        "recovery_codes_regenerated",
    } <= events
    entries = [
        str(value) for row in AuditEntry.objects.values_list() for value in row if value is not None
    ]
    assert_not_stored(codes + new_codes, entries)


@pytest.mark.django_db
def test_data_migration_hashes_plain_static_tokens(coordinator, vrijwilliger):
    plain = ["oil2mail", "abcdefgh", StaticToken.random_token()]
    static = StaticDevice.objects.create(user=coordinator, name="recovery", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=static, token=token) for token in plain)
    unconfirmed = StaticDevice.objects.create(user=vrijwilliger, name="recovery", confirmed=False)
    StaticToken.objects.create(device=unconfirmed, token="qrstuvwx")

    state = MigrationExecutor(connection).loader.project_state(
        [("accounts", "0002_recovery_codes"), ("otp_static", "0003_add_timestamps")]
    )
    migration = importlib.import_module(f"wegwijs.accounts.migrations.{MIGRATION}")
    migration.hash_static_tokens(state.apps, None)

    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
    device = RecoveryCodeDevice.objects.get(user=coordinator)
    assert set(device.codes.values_list("code_hash", flat=True)) == {
        recovery.hash_code(token) for token in plain
    }
    assert not RecoveryCodeDevice.objects.filter(user=vrijwilliger).exists()
    assert_not_stored([*plain, "qrstuvwx"], all_stored_text())

    # The codes the user wrote down still work, once, also typed in capitals.
    accepted, _throttled = services.verify_second_factor(user=coordinator, token="OIL2 MAIL")
    assert accepted == device
    refused, _throttled = services.verify_second_factor(user=coordinator, token="oil2mail")
    assert refused is None


@pytest.mark.django_db
def test_data_migration_is_recorded_with_a_noop_reverse():
    executor = MigrationExecutor(connection)
    assert ("accounts", MIGRATION) in executor.loader.applied_migrations
    operation = executor.loader.graph.nodes[("accounts", MIGRATION)].operations[0]
    assert operation.reversible
