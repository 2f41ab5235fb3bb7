"""Error pages (DP-04), production settings (DP-03) and start-up errors."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings
from django.urls import path

from tests.conftest import verified_login
from wegwijs.core.access import public
from wegwijs.core.audit_keys import DEVELOPMENT_KEY_RING
from wegwijs.urls import handler403, handler404, handler500  # noqa: F401 (used by Django)
from wegwijs.urls import urlpatterns as project_patterns


@public
def broken(request):
    raise RuntimeError("SELECT secret FROM settings SECRET_KEY")


@public
def database_down(request):
    raise OperationalError("connection refused")


urlpatterns = [
    *project_patterns,
    path("test/broken/", broken),
    path("test/database-down/", database_down),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_is_dutch_with_incident_id_and_no_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get("/test/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    for leak in ("Traceback", "SELECT", "SECRET_KEY", "RuntimeError"):
        assert leak not in body
    incident = response["X-Request-ID"]
    assert incident in body
    assert any(incident in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_database_outage_answers_a_static_503(client):
    response = client.get("/test/database-down/")
    assert response.status_code == 503
    assert "níet opgeslagen" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db
def test_not_found_page_is_dutch(client, coordinator):
    verified_login(client, coordinator)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


PRODUCTION_ENV = {
    "WEGWIJS_ENV": "production",
    "SECRET_KEY": "x" * 64 + "productiesleutel-voor-de-test-1234567890",
    "ALLOWED_HOSTS": "wegwijs.example.org",
    "DATABASE_URL": "postgres://wegwijs@127.0.0.1:5432/wegwijs",
    "DEFAULT_FROM_EMAIL": "wegwijs@example.org",
    "AUDIT_HMAC_KEYS": "k1:" + "cHJvZHVjdGllc2xldXRlbC12b29yLWRlLWF1ZGl0LXRlc3Q=",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEBUG"}
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "AUDIT_HMAC_KEYS"]
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr
    assert "Traceback" in result.stderr or "ImproperlyConfigured" in result.stderr


def test_production_refuses_the_public_development_audit_key():
    result = manage("check", env={**PRODUCTION_ENV, "AUDIT_HMAC_KEYS": DEVELOPMENT_KEY_RING})
    assert result.returncode != 0
    assert "published development key" in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must not be on in production" in result.stderr


def test_the_web_server_defaults_to_production():
    """wsgi.py keeps the safe default: without WEGWIJS_ENV it is production, and production
    without its variables does not start."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in {"DEBUG", "WEGWIJS_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", "import wegwijs.wsgi"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
