"""No Dutch page shows an English source string: each role walks its main pages in Dutch
and none of the English msgids that have a Dutch translation (or that the code marks for
translation and the catalogue lacks) appears in the text."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.contracts.models import Contract
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole

PO = Path(settings.BASE_DIR) / "wegwijs/locale/nl/LC_MESSAGES/django.po"
# Short strings ("Status", "Team Arnhem") may honestly read the same in a Dutch text.
MIN_WORDS = 3
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}")
MARKED = re.compile(
    r"\b(?:_|_lazy|gettext|gettext_lazy)\(\s*((?:\"[^\"\n]*\"\s*)+)[,)]", re.MULTILINE
)


def _fragments(text: str):
    """The runs of words between placeholders long enough to search for."""
    for part in PLACEHOLDER.split(text):
        part = " ".join(part.split()).strip(" .,:;()")
        if len(part.split()) >= MIN_WORDS and "%" not in part:
            yield part


def english_needles() -> set[str]:
    """English texts that must not show on a Dutch page: msgids whose Dutch differs, and
    strings the Python code marks for translation that the Dutch catalogue does not have."""
    catalogue = polib.pofile(str(PO))
    translated = {e.msgid: e.msgstr for e in catalogue if e.msgstr}
    needles = {
        fragment
        for msgid, msgstr in translated.items()
        if msgstr.strip() != msgid.strip()
        for fragment in _fragments(msgid)
        if fragment not in msgstr
    }
    for path in (Path(settings.BASE_DIR) / "wegwijs").rglob("*.py"):
        for match in MARKED.finditer(path.read_text(encoding="utf-8")):
            msgid = "".join(re.findall(r'"([^"]*)"', match.group(1)))
            if msgid not in translated:
                needles.update(_fragments(msgid))
    return needles


def page_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


@pytest.fixture
def walk(client, signed_contract, open_trajectory, client_in_arnhem, coordinator, vrijwilliger):
    trajectory = open_trajectory("VIP18")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    contract = Contract.objects.get()
    person = client_in_arnhem
    # An asylum seeker offered family reunification: refused, the message names the group.
    seeker = PersonFactory(asylum_seeker=True, municipality=person.municipality)
    refused_enrolment = (
        reverse("trajectories:create", args=[seeker.public_id]),
        {
            "contract_line": signed_contract["GH"].pk,
            "start_date": "2019-04-01",
            "responsible": coordinator.pk,
        },
    )
    catalogue = [reverse("catalog:index"), reverse("catalog:product", args=["VIP18"])]
    return {
        "coordinator": [
            reverse("core:dashboard"),
            reverse("clients:index"),
            reverse("clients:detail", args=[person.public_id]),
            reverse("trajectories:for_person", args=[person.public_id]),
            reverse("trajectories:create", args=[person.public_id]),
            refused_enrolment,
            reverse("trajectories:caseload"),
            reverse("trajectories:deadlines"),
            reverse("trajectories:detail", args=[trajectory.public_id]),
            *catalogue,
        ],
        "vrijwilliger": [
            reverse("core:dashboard"),
            reverse("trajectories:my_work"),
            reverse("trajectories:detail", args=[trajectory.public_id]),
            *catalogue,
        ],
        "financieel": [
            reverse("core:dashboard"),
            reverse("contracts:index"),
            reverse("contracts:detail", args=[contract.public_id]),
            *catalogue,
        ],
        "gemeentecontact": [reverse("core:dashboard"), *catalogue],
        "beheerder": [reverse("core:dashboard"), *catalogue],
        "privacy_officer": [reverse("core:dashboard"), reverse("core:audit_log")],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "coordinator",
        "vrijwilliger",
        "financieel",
        "gemeentecontact",
        "beheerder",
        "privacy_officer",
    ],
)
def test_no_dutch_page_shows_an_untranslated_source_string(request, client, walk, persona):
    needles = english_needles()
    verified_login(client, request.getfixturevalue(persona))
    found = {}
    for url in walk[persona]:
        if isinstance(url, tuple):
            url, data = url
            response = client.post(url, data)
        else:
            response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "nl"
        text = page_text(response)
        hits = sorted(needle for needle in needles if needle in text)
        if hits:
            found[url] = hits
    assert found == {}, "\n".join(f"{url}: {hits}" for url, hits in found.items())
