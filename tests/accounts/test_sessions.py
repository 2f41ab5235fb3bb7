"""Password change with the second factor, one's sessions and "log out elsewhere" (SESS-02)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import code_for, password_login
from tests.conftest import PASSWORD, verified_login
from wegwijs.accounts import services
from wegwijs.accounts.models import UserSession
from wegwijs.accounts.sessions import browser_summary
from wegwijs.core.models import AuditEntry

NEW_PASSWORD = "een heel ander lang wachtwoord"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def logged_in(user, user_agent=FIREFOX):
    """A verified session from another browser. ``force_login`` sends no headers, so the
    browser a real login records (see the second-factor test below) is filled in here."""
    client = Client(HTTP_USER_AGENT=user_agent)
    verified_login(client, user)
    UserSession.objects.filter(session_key=client.session.session_key).update(
        browser=browser_summary(user_agent)
    )
    return client


def change_password(client, token):
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "token": token,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


@pytest.mark.django_db
def test_password_change_needs_a_current_second_factor_code(coordinator):
    client = logged_in(coordinator)
    response = change_password(client, "000000")
    assert response.status_code == 200
    assert _("This code is not right or has already been used.") in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)
    assert AuditEntry.objects.filter(event="password_change_refused").count() == 1
    assert not AuditEntry.objects.filter(event="password_changed").exists()


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions_and_keeps_this_one(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    here = logged_in(coordinator)
    elsewhere = logged_in(coordinator, PHONE)
    device = TOTPDevice.objects.get(user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_password(here, code_for(device))
    assert response.url == reverse("accounts:password_change_done")
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").url.startswith(reverse("accounts:login"))
    assert UserSession.objects.filter(user=coordinator).count() == 1
    assert AuditEntry.objects.filter(event="password_changed", actor=coordinator).count() == 1
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


@pytest.mark.django_db
def test_a_recovery_code_also_allows_a_password_change(coordinator):
    here = logged_in(coordinator)
    codes = services.regenerate_recovery_codes(
        user=coordinator, token=code_for(TOTPDevice.objects.get(user=coordinator))
    )
    assert change_password(here, codes[0]).status_code == 302


@pytest.mark.django_db
def test_sessions_page_lists_own_sessions_with_the_browser(coordinator, vrijwilliger):
    here = logged_in(coordinator)
    logged_in(coordinator, PHONE)
    logged_in(vrijwilliger)
    page = here.get(reverse("accounts:sessions"))
    assert page.status_code == 200
    listed = page.context["sessions"]
    assert sorted(s.browser for s in listed) == ["Chrome / Android", "Firefox / Windows"]
    assert [s.current for s in listed].count(True) == 1


@pytest.mark.django_db
def test_log_out_elsewhere_ends_all_other_sessions(coordinator, vrijwilliger):
    here = logged_in(coordinator)
    phone = logged_in(coordinator, PHONE)
    tablet = logged_in(coordinator)
    colleague = logged_in(vrijwilliger)
    response = here.post(reverse("accounts:sessions_end_others"))
    assert response.url == reverse("accounts:sessions")
    assert here.get("/").status_code == 200
    for other in (phone, tablet):
        assert other.get("/").url.startswith(reverse("accounts:login"))
    assert colleague.get("/").status_code == 200
    assert AuditEntry.objects.filter(event="other_sessions_ended").count() == 1


@pytest.mark.django_db
def test_one_other_session_can_be_ended(coordinator):
    here = logged_in(coordinator)
    phone = logged_in(coordinator, PHONE)
    tablet = logged_in(coordinator)
    phone_row = UserSession.objects.get(browser="Chrome / Android")
    here.post(reverse("accounts:sessions_end_others"), {"session": str(phone_row.public_id)})
    assert phone.get("/").url.startswith(reverse("accounts:login"))
    assert tablet.get("/").status_code == 200
    assert here.get("/").status_code == 200


@pytest.mark.django_db
def test_a_bad_session_id_changes_nothing(coordinator):
    here = logged_in(coordinator)
    phone = logged_in(coordinator, PHONE)
    response = here.post(reverse("accounts:sessions_end_others"), {"session": "niet-een-id"})
    assert response.status_code == 302
    assert phone.get("/").status_code == 200


@pytest.mark.django_db
def test_a_session_id_of_someone_else_or_the_current_one_is_not_known(coordinator, vrijwilliger):
    here = logged_in(coordinator)
    colleague = logged_in(vrijwilliger)
    current = UserSession.objects.get(session_key=here.session.session_key)
    theirs = UserSession.objects.get(user=vrijwilliger)
    for public_id in (theirs.public_id, current.public_id):
        response = here.post(
            reverse("accounts:sessions_end_others"), {"session": str(public_id)}, follow=True
        )
        assert _("That session is not known.") in response.content.decode()
    assert colleague.get("/").status_code == 200
    assert here.get("/").status_code == 200
    assert not AuditEntry.objects.filter(event="other_sessions_ended").exists()


@pytest.mark.django_db
def test_a_real_login_records_the_browser_and_follows_the_key_after_the_second_factor(
    coordinator,
):
    client = Client(HTTP_USER_AGENT=PHONE)
    TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=True)
    password_login(client, coordinator)
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=coordinator)
    client.post(reverse("accounts:two_factor"), {"token": code_for(device)})
    after = client.session.session_key
    assert before != after
    assert list(UserSession.objects.values_list("session_key", "browser")) == [
        (after, "Chrome / Android")
    ]


@pytest.mark.django_db
def test_ended_and_idle_sessions_drop_off_the_list(coordinator):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        here = logged_in(coordinator)
        here.get("/")
        logged_in(coordinator, PHONE).get("/")
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert here.get("/").url.startswith(reverse("accounts:login"))
        fresh = logged_in(coordinator)
        listed = fresh.get(reverse("accounts:sessions")).context["sessions"]
        assert len(listed) == 1
    assert UserSession.objects.count() == 1


@pytest.mark.django_db
def test_password_reset_request_is_logged_without_the_address(client):
    client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    entry = AuditEntry.objects.get(event="password_reset_requested")
    assert entry.actor is None
    assert "niemand" not in str(list(AuditEntry.objects.values_list()))


@pytest.mark.django_db
def test_password_reset_completion_ends_every_session(coordinator, mailoutbox):
    open_session = logged_in(coordinator)
    Client().post(reverse("accounts:password_reset"), {"email": coordinator.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/wachtwoord/herstel/" in line)
    anonymous = Client()
    form_page = anonymous.get(link.split("testserver", 1)[1], follow=True)
    anonymous.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert AuditEntry.objects.filter(event="password_reset_completed").count() == 1
    assert open_session.get("/").url.startswith(reverse("accounts:login"))
    assert not Session.objects.filter(
        session_key__in=UserSession.objects.values("session_key")
    ).exists()


def test_browser_summary_is_short():
    assert browser_summary(FIREFOX) == "Firefox / Windows"
    assert browser_summary("curl/8.0") == ""


@pytest.mark.django_db
def test_password_reset_requests_reach_the_log_in_bounded_numbers(client):
    from wegwijs.core import noise

    for n in range(noise.PER_ADDRESS + 5):
        client.post(reverse("accounts:password_reset"), {"email": f"iemand{n}@example.org"})
    logged = AuditEntry.objects.filter(event="password_reset_requested").count()
    assert 0 < logged <= noise.PER_ADDRESS
