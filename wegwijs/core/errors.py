"""The one exception type for domain rules (STYLE.md: "Domain failures raise one exception type").

Raised by services with a translated message written where the rule lives; views turn it into
a form error or a message, commands into a ``CommandError``.
"""


class DomainError(Exception):
    """A domain rule refused the change; ``str(error)`` is the message the user sees."""

    def __init__(self, message, *, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
