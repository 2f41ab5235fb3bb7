import hashlib
import http.client
import logging
import unicodedata
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijs.organisation.models import Municipality

security_log = logging.getLogger("wegwijs.security")

# Words anyone who knows the foundation would try first (AUTH-02), besides its name and the
# municipalities, which are read from the settings and the database.
CONTEXT_WORDS = frozenset(
    {"wegwijs", "vluchteling", "vluchtelingen", "statushouder", "welkom", "wachtwoord"}
)
MIN_CONTEXT_WORD_LENGTH = 4

PWNED_PASSWORDS_RANGE_URL = "https://api.pwnedpasswords.com/range/"


class MaximumLengthValidator:
    """Long passphrases are welcome, up to a cap that keeps hashing cheap (AUTH-02)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It may contain at most %(max_length)d character.",
                    "This password is too long. It may contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return _("Your password may be up to %(max_length)d characters long.") % {
            "max_length": self.max_length
        }


def letters_only(text: str) -> str:
    """``text`` lower-cased, without accents, keeping only its letters ("Súdwest-Fryslân 1" →
    "sudwestfryslan")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if char.isalpha())


class ContextWordValidator:
    """Refuses a password that consists mainly of a word linked to the foundation (AUTH-02).

    The rule: the password is lower-cased and stripped of accents and of everything that is not
    a letter (spaces, digits, punctuation). It is refused when context words, wherever they occur
    in what is left (overlapping occurrences counted once), cover at least half of its letters.
    So "Vluchteling2024!" and "arnhem arnhem 12" are refused, while "een nieuw en lang
    wachtwoord" (10 of 24 letters) passes. A password without letters is left to the other
    validators.

    Context words: the words of 4+ letters of ``settings.FOUNDATION_NAME``, ``CONTEXT_WORDS``
    and the name of every municipality in the database (read once per call, letters only, when
    that leaves 4+ letters).
    """

    def validate(self, password, user=None):
        letters = letters_only(password)
        if not letters:
            return
        covered = [False] * len(letters)
        for word in self.context_words():
            start = letters.find(word)
            while start != -1:
                covered[start : start + len(word)] = [True] * len(word)
                start = letters.find(word, start + 1)
        if 2 * sum(covered) >= len(letters):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it consists mainly of a word linked to "
                    "the foundation or the region, such as its name or a municipality."
                ),
                code="password_context_word",
            )

    def context_words(self) -> set[str]:
        foundation = "".join(char if char.isalpha() else " " for char in settings.FOUNDATION_NAME)
        candidates = [
            *CONTEXT_WORDS,
            *foundation.split(),
            *Municipality.objects.values_list("name", flat=True),
        ]
        words = {letters_only(candidate) for candidate in candidates}
        return {word for word in words if len(word) >= MIN_CONTEXT_WORD_LENGTH}

    def get_help_text(self):
        return _(
            "Your password may not consist mainly of a word linked to the foundation or the "
            "region, such as its name or a municipality."
        )


class BreachedPasswordValidator:
    """Refuses a password that appears in a known data breach (AUTH-02), through the Have I
    Been Pwned "Pwned Passwords" range API with k-anonymity.

    Only the first five hex characters of the password's SHA-1 leave the server; the service
    answers with every breached suffix under that prefix (padded with fake zero-count entries,
    ``Add-Padding: true``, so the answer's size tells nothing) and the suffix is compared here.
    A password seen at least once is refused.

    Does nothing unless ``settings.HIBP_CHECK_ENABLED`` is true (production). When the service
    cannot be reached in ``settings.HIBP_TIMEOUT_SECONDS`` or answers with an error, the check
    *fails open*: the password is accepted on the other validators alone, so an outage at Have I
    Been Pwned never locks anyone out of choosing a password, and a warning naming only the
    kind of error (never the password, its hash or the prefix) goes to the "wegwijs.security"
    logger.
    """

    def validate(self, password, user=None):
        if not getattr(settings, "HIBP_CHECK_ENABLED", False):
            return
        digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
        prefix, suffix = digest[:5], digest[5:]
        try:
            breached = suffix in self.breached_suffixes(prefix)
        except (OSError, ValueError, http.client.HTTPException) as error:
            # URLError, HTTPError and timeouts are OSErrors; a garbled answer is a ValueError.
            security_log.warning(
                "Pwned Passwords check unavailable (%s); password accepted without it.",
                type(error).__name__,
            )
            return
        if breached:
            raise ValidationError(
                _(
                    "This password appears in a known data breach, so attackers try it. "
                    "Choose another one."
                ),
                code="password_breached",
            )

    def breached_suffixes(self, prefix: str) -> set[str]:
        """The hash suffixes under ``prefix`` seen in a breach at least once."""
        request = urllib.request.Request(  # noqa: S310 (fixed https URL)
            PWNED_PASSWORDS_RANGE_URL + prefix,
            headers={"Add-Padding": "true", "User-Agent": "Wegwijs password check"},
        )
        timeout = getattr(settings, "HIBP_TIMEOUT_SECONDS", 3)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read().decode("ascii")
        suffixes = set()
        for line in body.splitlines():
            if not line.strip():
                continue
            hash_suffix, _separator, count = line.strip().partition(":")
            if int(count) >= 1:  # padding entries carry a count of 0
                suffixes.add(hash_suffix.upper())
        return suffixes

    def get_help_text(self):
        return _("Your password may not appear in a known data breach.")
