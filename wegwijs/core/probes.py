"""Probing of client files (SECURITY.md LOG-05): a 404 on a URL that takes the UUID of a person
or trajectory is logged as a security event by ``core.access``; many of them from one user in
one hour may mean someone tries UUIDs, so the privacy officer's page lists those hours."""

import datetime

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from wegwijs.core.constants import PROBE_BURST_DAYS, PROBE_BURST_SIZE, PROBE_EVENT


def probe_bursts(entries: QuerySet, *, since=None, size: int = PROBE_BURST_SIZE) -> QuerySet:
    """The hours (clock hours, local time) in which one user had at least ``size`` probes
    among ``entries`` since ``since`` (default: the last ``PROBE_BURST_DAYS`` days), newest
    first: one grouped query, one row per user and hour, with the count and the last one."""
    if since is None:
        since = timezone.now() - datetime.timedelta(days=PROBE_BURST_DAYS)
    return (
        entries.filter(event=PROBE_EVENT, timestamp__gte=since, actor__isnull=False)
        .annotate(hour=TruncHour("timestamp"))
        .values("actor", "actor__full_name", "actor__email", "hour")
        .annotate(probes=Count("id"), last=Max("timestamp"))
        .filter(probes__gte=size)
        .order_by("-hour", "actor")
    )
