import datetime
import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from wegwijs.core import audit, noise
from wegwijs.core.access import public, requires
from wegwijs.core.constants import PROBE_BURST_DAYS, PROBE_BURST_SIZE, AuditAction, AuditResult
from wegwijs.core.dashboard import panels_for
from wegwijs.core.forms import AuditLogFilterForm
from wegwijs.core.models import AuditEntry
from wegwijs.core.periods import day_bounds
from wegwijs.core.probes import probe_bursts

logger = logging.getLogger(__name__)


@requires("core.dashboard")
def dashboard(request):
    context = {"panels": panels_for(request.user)}
    if request.user.can("volunteers.manage"):
        # The coördinator's VOG warnings (facts.md §9): one query, whatever the team size.
        from wegwijs.volunteers.selectors import vog_warnings

        context["vog_warnings"] = vog_warnings(request.user)
    return render(request, "core/dashboard.html", context)


@requires("audit.view")
def audit_log(request):
    form = AuditLogFilterForm(request.GET or None, user=request.user)
    entries = AuditEntry.objects.visible_to(request.user).select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        if data["client"]:
            entries = entries.filter(client_id=data["client"])
        if data["date_from"]:
            entries = entries.filter(timestamp__gte=day_bounds(data["date_from"])[0])
        if data["date_to"]:
            entries = entries.filter(timestamp__lt=day_bounds(data["date_to"])[1])
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    bursts = probe_bursts(AuditEntry.objects.visible_to(request.user))[:50]
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "bursts": list(bursts),
            "burst_size": PROBE_BURST_SIZE,
            "burst_days": PROBE_BURST_DAYS,
        },
    )


@require_GET
@public
def health_live(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@public
def health_ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means "not ready"
        logger.warning("readiness check failed")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@public
def security_txt(request):
    # RFC 9116: Expires less than a year ahead, so the file is never stale nor hand-edited.
    expires = timezone.now().date() + datetime.timedelta(days=365)
    body = render_to_string(
        "core/security.txt",
        {
            "contact": settings.SECURITY_CONTACT,
            "expires": f"{expires:%Y-%m-%d}T00:00:00Z",
        },
        request=request,
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def permission_denied(request, exception=None):
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            event="forbidden",
            object_id=request.path[:64],
            result=AuditResult.DENIED,
        )
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    if noise.admit(request):
        audit.record(
            request, action=AuditAction.SECURITY, event="csrf_failure", result=AuditResult.DENIED
        )
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def server_error(request):
    """A Dutch page with the incident id, which also stands in the log (DP-04).

    Rendered without context processors: whatever broke must not break this page too.
    """
    incident = getattr(request, "request_id", "") or "-"
    logger.error("server error, incident %s", incident)
    return HttpResponse(render_to_string("500.html", {"incident_id": incident}), status=500)
