"""Where a ``next`` parameter may send a user: only a path of this site (IO-01)."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(candidate) -> str | None:
    """``candidate`` when it is a path of this site, else None.

    Accepted: a string starting with one ``/``, without a backslash, control characters or a
    scheme or host. So ``//evil.example``, ``/\\evil.example``, ``https://...``, a bare word
    (which ``redirect()`` would try as a view name) and text that is not valid UTF-8 (decoded
    into replacement characters) are all refused.
    """
    if not isinstance(candidate, str) or not candidate.startswith("/"):
        return None
    if candidate.startswith("//") or "\\" in candidate or "\ufffd" in candidate:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in candidate):
        return None
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return None
    return candidate
