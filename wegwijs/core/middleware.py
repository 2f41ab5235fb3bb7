import logging
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from wegwijs.core import client_address
from wegwijs.core.request_id import reset_request_id, set_request_id

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class RejectNulMiddleware:
    """A NUL character in the path, the query, a posted value or a cookie is a 400.

    No page has a use for it, and PostgreSQL refuses it in text with an error that would
    otherwise surface as a 500 wherever the value reaches a query (IO-01). Runs before the
    session and the views, so nothing downstream sees such a value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info:
            return True
        pairs = [*request.GET.lists(), *((key, [value]) for key, value in request.COOKIES.items())]
        if request.method == "POST":
            pairs += request.POST.lists()
        return any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in pairs
        )


class DatabaseUnavailableMiddleware:
    """A database outage answers a static Dutch 503 page, never a traceback (REL-04)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(
            render_to_string("503.html", {"request_id": getattr(request, "request_id", "")}),
            status=503,
        )
        response["Retry-After"] = "60"
        return response


class SessionTimeoutMiddleware:
    """Ends a session after 30 idle minutes or 12 hours after login (SESS-02)."""

    # Write the last-seen time at most this often, so not every request writes the session.
    TOUCH_INTERVAL = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            authenticated_at = session.setdefault("authenticated_at", now)
            last_seen = session.setdefault("last_seen", now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - last_seen > idle or now - authenticated_at > absolute:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen > self.TOUCH_INTERVAL:
                session["last_seen"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Dynamic pages are never stored by a browser or proxy (DP-02)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        return response


class ClientAddressMiddleware:
    """Resolves the client address behind the proxy once (``core.client_address``, AUTH-04)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_address = client_address.resolve(request.META)
        token = client_address.set_client_address(request.client_address)
        try:
            return self.get_response(request)
        finally:
            client_address.reset_client_address(token)


class HttpMethodMiddleware:
    """Only GET, HEAD and POST reach a view. OPTIONS gets a bare answer naming them, TRACE and
    every other method a bare 405: never a rendered page (DP-03)."""

    ALLOW = "GET, HEAD, POST, OPTIONS"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD", "POST"}:
            return self.get_response(request)
        response = HttpResponse(status=200 if request.method == "OPTIONS" else 405)
        response["Allow"] = self.ALLOW
        patch_cache_control(response, no_store=True, private=True)
        return response
