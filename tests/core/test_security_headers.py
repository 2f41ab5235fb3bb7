"""Headers on every response (IO-02, DP-02, DP-03) and CSRF on every change (IO-04)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import verified_login
from wegwijs.core.access import policy_for
from wegwijs.core.checks import iter_patterns

ROOT = Path(settings.BASE_DIR)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_carry_a_nonce_csp_and_no_store(client, coordinator):
    verified_login(client, coordinator)
    response = client.get("/")
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    nonce = next(v for v in directives["script-src"] if v.startswith("'nonce-"))
    assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_htmx_is_served_by_the_app(client, coordinator):
    verified_login(client, coordinator)
    html = client.get("/").content.decode()
    assert '<script src="/static/vendor/htmx.min.js"' in html
    for asset in ("/static/vendor/htmx.min.js", "/static/js/wegwijs.js", "/static/css/wegwijs.css"):
        assert asset in html
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content)


def template_files():
    return [p for p in (ROOT / "wegwijs").rglob("*.html")]


def test_templates_load_nothing_from_elsewhere_and_have_no_inline_handlers():
    external = re.compile(r"""(src|href)=["']https?://""")
    inline_handler = re.compile(r"\son[a-z]+=", re.IGNORECASE)
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        assert not external.search(text), f"external resource in {path}"
        assert not inline_handler.search(text), f"inline event handler in {path}"
        assert "{% autoescape off" not in text or path.suffix == ".txt", path


def test_no_csrf_exempt_anywhere():
    for path in (ROOT / "wegwijs").rglob("*.py"):
        assert "csrf_exempt" not in path.read_text(encoding="utf-8"), path


def mutating_urls():
    """Every non-admin URL whose view takes POST, for the CSRF check."""
    urls = []
    for route, callback, namespace, _name in iter_patterns():
        if namespace.startswith("admin") or "<" in route:
            continue
        policy = policy_for(callback, namespace)
        urls.append(("/" + route, policy))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "policy"), mutating_urls())
def test_post_without_csrf_token_is_refused(url, policy, coordinator):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, coordinator)
    response = client.post(url, {})
    # Views that take POST refuse it without a token; the others do not accept POST at all.
    assert response.status_code in (403, 405), f"{url} answered {response.status_code}"


@pytest.mark.django_db
def test_htmx_requests_send_the_csrf_header():
    script = (ROOT / "wegwijs/static/js/wegwijs.js").read_text()
    assert "X-CSRFToken" in script
    assert settings.CSRF_HEADER_NAME == "HTTP_X_CSRFTOKEN"


@pytest.mark.django_db
def test_health_and_security_txt_are_public(client):
    assert client.get("/health/live").content == b"ok"
    assert client.get("/health/ready").status_code == 200
    body = client.get("/.well-known/security.txt").content.decode()
    assert body.startswith("Contact: ")
    assert "Expires: " in body


def test_forms_name_their_fields_explicitly():
    """AC-04: no form or admin class takes every field or all-but-some, so a field added to a
    model never becomes editable by accident and extra POST fields are ignored."""
    import ast

    for path in (ROOT / "wegwijs").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef):
                continue
            for node in cls.body:
                if not isinstance(node, ast.Assign):
                    continue
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                assert "exclude" not in names, f"{path}: {cls.name}.exclude"
                if "fields" in names and isinstance(node.value, ast.Constant):
                    assert node.value.value != "__all__", f"{path}: {cls.name}.fields"
