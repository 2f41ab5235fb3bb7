"""Password reset requests are throttled per typed e-mail and per client address (AUTH-04):
beyond the limit the answer is the same and nothing is sent."""

import pytest
from django.core import mail
from django.urls import reverse

from wegwijs.accounts import throttling
from wegwijs.accounts.factories import UserFactory
from wegwijs.core.models import AuditEntry

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def setup(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def request_reset(client, email, address="203.0.113.9"):
    return client.post(
        reverse("accounts:password_reset"),
        {"email": email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_one_email_gets_three_links_an_hour_and_the_same_answer_after(client, coordinator):
    addresses = [f"192.0.2.{n}" for n in range(throttling.RESET_PER_EMAIL + 2)]
    responses = [request_reset(client, coordinator.email, address) for address in addresses]
    assert {(r.status_code, r.url) for r in responses} == {
        (302, reverse("accounts:password_reset_done"))
    }
    assert len(mail.outbox) == throttling.RESET_PER_EMAIL
    assert AuditEntry.objects.filter(event="password_reset_throttled").count() == 2


@pytest.mark.django_db
def test_one_client_address_gets_ten_requests_an_hour(client):
    users = UserFactory.create_batch(throttling.RESET_PER_ADDRESS + 1)
    for user in users:
        assert request_reset(client, user.email).status_code == 302
    assert len(mail.outbox) == throttling.RESET_PER_ADDRESS
    assert users[-1].email not in {message.to[0] for message in mail.outbox}
    # Another address still gets its link.
    request_reset(client, users[-1].email, address="198.51.100.4")
    assert mail.outbox[-1].to == [users[-1].email]


@pytest.mark.django_db
def test_an_unknown_email_is_throttled_alike(client):
    for _ in range(throttling.RESET_PER_EMAIL + 1):
        response = request_reset(client, "nobody@example.org")
        assert response.status_code == 302
    assert mail.outbox == []
    assert AuditEntry.objects.filter(event="password_reset_throttled").count() == 1
