"""The id of the request being served, for log lines and incident numbers.

Kept free of Django imports: the logging configuration loads it before the apps are ready.
"""

import logging
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the request id on every log record, so an incident id leads to its log lines."""

    def filter(self, record):
        record.request_id = _request_id.get() or "-"
        return True
