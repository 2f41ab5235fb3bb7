"""AUTH-02: the password validator chain as a decision table and as properties; the breach check
against a mocked Have I Been Pwned (no network in tests)."""

import hashlib
import logging
import string
import urllib.error
import urllib.request
from email.message import Message

import pytest
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from wegwijs.accounts.factories import UserFactory
from wegwijs.accounts.validators import CONTEXT_WORDS, ContextWordValidator, letters_only

COMMON = CommonPasswordValidator().passwords
FOUNDATION_WORDS = ["vluchtelingenwerk", "oost", "nederland"]
TOWNS = ["arnhem", "zwolle"]
# The fixtures below only set up data the validators read, so sharing them between the examples
# of one test is safe.
PROPERTY = hypothesis_settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PRINTABLE = string.ascii_letters + string.digits + string.punctuation


@pytest.fixture(autouse=True)
def no_network(monkeypatch, settings):
    """The breach check is off, as in CI; a test that turns it on brings its own urlopen."""
    settings.HIBP_CHECK_ENABLED = False

    def refuse(*args, **kwargs):
        raise AssertionError("the tests must not reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def towns(municipality, other_municipality):
    """Arnhem and Zwolle in the database, as the municipalities a context word can name."""


@pytest.fixture
def user():
    return UserFactory.build(email="anna.jansen@example.org", full_name="Anna Jansen")


def refusal_codes(password, user):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return {error.code for error in refused.value.error_list}


# The whole chain: similarity, 12..128 characters, Django's common list, context words, breaches.
DECISION_TABLE = [
    ("correct paard batterij nietje", None),
    ("een nieuw en lang wachtwoord", None),  # a context word, but 10 of 24 letters
    ("Arnhemse kade bij de Rijn 2024", None),  # a town in a sentence: 6 of 21 letters
    ("zeilboot-7km", None),  # exactly 12
    ("839201746512", None),  # no composition rules: digits only is fine
    ("Kx9#mP2$vL7qZ4", None),
    ("lange zin met spaties " * 2 + "en nog wat meer woorden", None),  # 67 characters
    (("drie woorden hier " * 8)[:128], None),  # exactly 128
    ("kort-11char", "password_too_short"),
    ("", "password_too_short"),
    ("a" * 129, "password_too_long"),
    ("password1234", "password_too_common"),
    ("123456789qwerty", "password_too_common"),
    ("Vluchteling2024!", "password_context_word"),
    ("vluchtelingen 2025", "password_context_word"),
    ("Statushouder#1", "password_context_word"),
    ("Wachtwoord-2024", "password_context_word"),
    ("welkom-welkom-12", "password_context_word"),
    ("wegwijs-wegwijs", "password_context_word"),
    ("VluchtelingenWerk Oost Nederland", "password_context_word"),
    ("Nederland2025!!", "password_context_word"),
    ("ARNHEM-arnhem-1", "password_context_word"),
    ("zwolle123456789", "password_context_word"),
    ("oost-oost-1234", "password_context_word"),
    ("anna.jansen@example.org", "password_too_similar"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("password", "refusal"), DECISION_TABLE)
def test_decision_table_of_the_validator_chain(password, refusal, towns, user):
    if refusal is None:
        validate_password(password, user)
    else:
        assert refusal in refusal_codes(password, user)


@pytest.mark.django_db
def test_context_word_message_is_dutch_and_does_not_echo_the_password(towns, user):
    with pytest.raises(ValidationError) as refused:
        validate_password("Arnhem!2024#xyz", user)
    message = " ".join(refused.value.messages)
    assert "Dit wachtwoord is te makkelijk te raden: het bestaat vooral uit" in message
    assert "arnhem" not in message.lower()
    assert "2024" not in message


@pytest.mark.django_db
def test_context_words_are_the_fixed_list_the_foundation_and_the_municipalities(towns):
    words = ContextWordValidator().context_words()
    assert words == {*CONTEXT_WORDS, *FOUNDATION_WORDS, *TOWNS}


@pytest.mark.django_db
def test_every_validator_explains_itself_in_dutch():
    texts = password_validators_help_texts()
    assert len(texts) == 6
    assert all(texts)
    assert any("wachtwoord mag niet vooral bestaan uit een woord" in text for text in texts)
    assert any("datalek" in text for text in texts)


def avoids_the_lists(password):
    letters = letters_only(password)
    return password.lower().strip() not in COMMON and not any(
        word in letters for word in (*CONTEXT_WORDS, *FOUNDATION_WORDS, *TOWNS)
    )


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=200)
@given(password=st.text(alphabet=PRINTABLE + " ", min_size=12, max_size=128))
def test_any_12_to_128_characters_off_the_lists_pass(password, towns, user):
    assume(avoids_the_lists(password))
    validate_password(password, user)


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=100)
@given(password=st.text(alphabet=PRINTABLE + " ", max_size=11))
def test_up_to_11_characters_fail(password, towns, user):
    assert "password_too_short" in refusal_codes(password, user)


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=50)
@given(password=st.text(alphabet=PRINTABLE + " ", min_size=129, max_size=300))
def test_more_than_128_characters_fail(password, towns, user):
    assert "password_too_long" in refusal_codes(password, user)


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=100)
@given(
    password=st.sampled_from(sorted(p for p in COMMON if len(p) >= 12)),
    shout=st.booleans(),
)
def test_common_passwords_of_12_characters_or_more_fail(password, shout, towns, user):
    password = password.upper() if shout else password
    assert "password_too_common" in refusal_codes(password, user)


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=100)
@given(
    word=st.sampled_from(sorted({*CONTEXT_WORDS, *FOUNDATION_WORDS, *TOWNS})),
    capitalised=st.booleans(),
    digits=st.text(alphabet=string.digits, min_size=12, max_size=40),
    tail=st.text(alphabet=string.punctuation, max_size=3),
)
def test_context_words_with_digits_appended_fail(word, capitalised, digits, tail, towns, user):
    word = word.capitalize() if capitalised else word
    assert "password_context_word" in refusal_codes(word + digits + tail, user)


# Have I Been Pwned, mocked.

BREACHED = "Zomer in Zutphen 1999!"
CLEAN = "een ongebruikte zin voor de test"


def sha1(password):
    return hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()


class FakeRangeApi:
    """Stands in for urllib.request.urlopen: answers like api.pwnedpasswords.com/range/, where
    ``BREACHED`` was seen 42 times and ``CLEAN`` appears only as a padding entry (count 0)."""

    def __init__(self, error=None):
        self.error = error
        self.requests = []

    def __call__(self, request, timeout=None):
        self.requests.append((request, timeout))
        if self.error:
            raise self.error
        lines = ["0018A45C4D1DEF81644B54AB7F969B88D65:1", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0"]
        lines.append(f"{sha1(BREACHED)[5:]}:42")
        lines.append(f"{sha1(CLEAN)[5:]}:0")
        return FakeResponse("\r\n".join(lines).encode("ascii"))


class FakeResponse:
    def __init__(self, body):
        self.body = body

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


@pytest.fixture
def range_api(monkeypatch, settings):
    settings.HIBP_CHECK_ENABLED = True
    settings.HIBP_TIMEOUT_SECONDS = 3
    api = FakeRangeApi()
    monkeypatch.setattr(urllib.request, "urlopen", api)
    return api


@pytest.mark.django_db
def test_breached_password_is_refused_in_dutch(range_api, user):
    with pytest.raises(ValidationError) as refused:
        validate_password(BREACHED, user)
    assert [error.code for error in refused.value.error_list] == ["password_breached"]
    assert "datalek" in refused.value.messages[0]
    assert BREACHED not in refused.value.messages[0]


@pytest.mark.django_db
def test_clean_password_passes_and_padding_entries_do_not_count(range_api, user):
    validate_password(CLEAN, user)
    assert len(range_api.requests) == 1


@pytest.mark.django_db
def test_only_the_five_character_prefix_is_sent_with_padding_and_a_timeout(range_api, user):
    validate_password(CLEAN, user)
    [(request, timeout)] = range_api.requests
    assert request.full_url == f"https://api.pwnedpasswords.com/range/{sha1(CLEAN)[:5]}"
    assert sha1(CLEAN)[5:] not in request.full_url
    assert request.data is None
    assert request.get_header("Add-padding") == "true"
    assert timeout == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        TimeoutError("timed out"),
        urllib.error.URLError("Name or service not known"),
        urllib.error.HTTPError(
            "https://api.pwnedpasswords.com/range/", 503, "Unavailable", Message(), None
        ),
    ],
)
def test_unreachable_service_lets_the_password_through_and_logs_a_warning(
    error, range_api, user, caplog
):
    range_api.error = error
    with caplog.at_level(logging.WARNING, logger="wegwijs.security"):
        validate_password(BREACHED, user)
    [record] = [r for r in caplog.records if r.name == "wegwijs.security"]
    assert record.levelno == logging.WARNING
    logged = record.getMessage()
    assert type(error).__name__ in logged
    for secret in (BREACHED, sha1(BREACHED), sha1(BREACHED)[:5], sha1(BREACHED)[5:]):
        assert secret not in logged


@pytest.mark.django_db
def test_breach_check_is_skipped_when_disabled(range_api, settings, user):
    settings.HIBP_CHECK_ENABLED = False
    validate_password(BREACHED, user)
    assert range_api.requests == []
