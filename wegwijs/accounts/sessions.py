"""A user's open sessions: recorded at login, listed on their sessions page, ended (SESS-02).

Django keeps the sessions themselves (database backend); ``UserSession`` maps a user to their
session keys. Ending a session deletes Django's row, so its cookie leads to the login page.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from wegwijs.accounts.models import UserSession

# The session key of the UserSession row the session belongs to, kept in the session itself.
SESSION_ROW_KEY = "user_session_key"

_BROWSERS = [
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def browser_summary(user_agent: str) -> str:
    """'Firefox on Windows': enough to recognise a session, less than the full header."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} / {system}"
    return browser or system


def start(request, user) -> None:
    """Record the session ``request`` has just logged in with."""
    session = request.session
    if session.session_key is None:
        session.save()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created_at": timezone.now(),
            "browser": browser_summary(request.META.get("HTTP_USER_AGENT", "")),
        },
    )
    session[SESSION_ROW_KEY] = session.session_key


def follow_key(request) -> None:
    """After the session key changed (second factor, password change), point the row at it."""
    session = request.session
    recorded = session.get(SESSION_ROW_KEY)
    if recorded and session.session_key and recorded != session.session_key:
        UserSession.objects.filter(session_key=recorded).update(session_key=session.session_key)
        session[SESSION_ROW_KEY] = session.session_key


def forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@dataclass(frozen=True)
class OpenSession:
    public_id: str
    created_at: datetime.datetime
    last_seen: datetime.datetime | None
    browser: str
    current: bool


def open_sessions(user, *, current_key: str | None = None) -> list[OpenSession]:
    """The user's sessions that still work, newest first; rows of ended sessions are removed.

    Two queries (plus one delete when stale rows are found), whatever the number of sessions.
    """
    rows = list(UserSession.objects.filter(user=user))
    live = {
        s.session_key: s
        for s in Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        )
    }
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    now = timezone.now().timestamp()
    result, stale = [], []
    for row in rows:
        session = live.get(row.session_key)
        data = session.get_decoded() if session else {}
        last_seen = data.get("last_seen")
        authenticated_at = data.get("authenticated_at")
        if (
            session is None
            or (last_seen is not None and now - last_seen > idle)
            or (authenticated_at is not None and now - authenticated_at > absolute)
        ):
            stale.append(row.pk)
            continue
        result.append(
            OpenSession(
                public_id=str(row.public_id),
                created_at=row.created_at,
                last_seen=(
                    datetime.datetime.fromtimestamp(last_seen, tz=datetime.UTC)
                    if last_seen
                    else None
                ),
                browser=row.browser,
                current=row.session_key == current_key,
            )
        )
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()
    return result


def end(user, *, keep_key: str | None = None, only_public_id: str | None = None) -> int:
    """End the user's sessions, all but ``keep_key`` (or only ``only_public_id``); returns how
    many rows were ended. Django's session rows are deleted, so those cookies stop working."""
    rows = UserSession.objects.filter(user=user)
    if keep_key:
        rows = rows.exclude(session_key=keep_key)
    if only_public_id:
        rows = rows.filter(public_id=only_public_id)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
