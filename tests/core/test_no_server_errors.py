"""No input gives a 5xx (SECURITY.md IO-01, issue 10): every form of every page, filled with
extreme dates and numbers, answers below 500.

The forms are found, not listed: each persona of the demo data walks the pages it can reach
from its dashboard and every ``<form>`` on them is taken, so a new form is covered as soon as a
page shows it. Each form is posted first with every date field, then every number and choice
field, set to one extreme value at a time (the other fields keep what the page filled in), then
with a mix drawn by Hypothesis.
"""

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import reference_snapshot
from tests.conftest import verified_login
from wegwijs.accounts.models import User

DATE_EXTREMES = ["0001-01-01", "9999-12-31", "1900-02-29", "garbage"]
NUMBER_EXTREMES = ["0", "-1", str(2**63), str(10**30), "abc"]
PAGES_PER_VIEW = 2  # pages of one kind (two client files) visited per persona
SKIPPED = re.compile(r"(\.pdf$|/excel/|/uitloggen/|/logout/|^/beheer/|^/static/)")
HYPOTHESIS = settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@dataclass
class FormSpec:
    method: str
    action: str
    dates: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)  # number inputs, selects, radios, boxes
    options: dict[str, list[str]] = field(default_factory=dict)
    initial: dict[str, list[str]] = field(default_factory=dict)

    def key(self) -> tuple:
        """Forms of the same kind (the "done" form of every checklist item) count once."""
        return (self.method, view_name(self.action), tuple(sorted(self.initial)))


def view_name(url) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url


class FormParser(HTMLParser):
    """The forms and same-site links of one page."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FormSpec] = []
        self.links: list[str] = []
        self.form: FormSpec | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        elif tag == "form":
            self.form = FormSpec(
                method=attrs.get("method", "get").lower(),
                action=urljoin(self.page_url, attrs.get("action") or self.page_url),
            )
            self.forms.append(self.form)
        elif self.form is None or not attrs.get("name"):
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self.select = attrs["name"]
            self.form.numbers.add(self.select)
            self.form.initial.setdefault(self.select, [])
            self.form.options.setdefault(self.select, [])
        elif tag == "textarea":
            self.form.initial.setdefault(attrs["name"], [""])
        if tag == "option" and self.select:
            self.form.options[self.select].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.form.initial[self.select].append(attrs.get("value", ""))

    def _input(self, attrs):
        name, kind, value = attrs["name"], attrs.get("type", "text"), attrs.get("value", "")
        form = self.form
        if kind in {"submit", "button", "file"}:
            return
        if kind == "date":
            form.dates.add(name)
        elif kind in {"number", "radio", "checkbox"} or (kind == "hidden" and value.isdigit()):
            form.numbers.add(name)
        if kind in {"radio", "checkbox"}:
            form.options.setdefault(name, []).append(value or "on")
            form.initial.setdefault(name, [])
            if "checked" in attrs:
                form.initial[name].append(value or "on")
        else:
            form.initial.setdefault(name, []).append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def discover(client) -> tuple[list[FormSpec], int]:
    """Every kind of form on the pages reachable from the dashboard, and the pages seen."""
    queue, seen, forms, per_view = ["/"], set(), {}, Counter()
    while queue:
        url = queue.pop(0)
        if url in seen or SKIPPED.search(urlsplit(url).path):
            continue
        seen.add(url)
        per_view[view_name(url)] += 1
        if per_view[view_name(url)] > PAGES_PER_VIEW:
            continue
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser(url)
        parser.feed(response.content.decode())
        for spec in parser.forms:
            if not SKIPPED.search(urlsplit(spec.action).path):
                forms.setdefault(spec.key(), spec)
        queue.extend(link for link in parser.links if link not in seen)
    return list(forms.values()), len(seen)


def send(client, spec: FormSpec, values: dict):
    if spec.method == "post":
        response = client.post(spec.action, values)
    else:
        response = client.get(urlsplit(spec.action).path, values)
    assert response.status_code < 500, (
        f"{spec.method.upper()} {spec.action} {values}: {response.status_code}"
    )


def filled(spec: FormSpec) -> dict:
    """The form as the page filled it in; an unselected choice takes its first option."""
    values = {}
    for name, initial in spec.initial.items():
        options = [o for o in spec.options.get(name, []) if o]
        values[name] = initial or options[:1]
    return values


def sweep(client, spec: FormSpec):
    """One extreme at a time: all date fields, then all number and choice fields."""
    for value in DATE_EXTREMES if spec.dates else []:
        send(client, spec, {**filled(spec), **dict.fromkeys(spec.dates, value)})
    for value in NUMBER_EXTREMES if spec.numbers else []:
        send(client, spec, {**filled(spec), **dict.fromkeys(spec.numbers, value)})


def value_strategy(spec: FormSpec, name: str):
    if name in spec.dates:
        dates = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str)
        return st.one_of(st.sampled_from(DATE_EXTREMES), dates)
    if name in spec.numbers:
        choices = spec.options.get(name, []) + NUMBER_EXTREMES
        numbers = st.integers(-(2**70), 2**70).map(str)
        return st.one_of(st.sampled_from(choices), numbers)
    raise AssertionError(name)


def mix(client, spec: FormSpec):
    names = sorted(spec.dates | spec.numbers)
    if not names:
        return

    @HYPOTHESIS
    @given(st.fixed_dictionaries({name: value_strategy(spec, name) for name in names}))
    def post_a_mix(values):
        send(client, spec, {**filled(spec), **values})

    post_a_mix()


@pytest.fixture
def demo(db, django_db_blocker):
    reference_snapshot.load_reference_data(django_db_blocker)
    call_command("load_demo_data", stdout=io.StringIO())


def persona(email):
    client = Client()
    return verified_login(client, User.objects.get(email=email))


# How many kinds of form each persona must reach, or the walk proves nothing.
FORMS_AT_LEAST = {
    "coordinator@demo.wegwijs.nl": 35,
    "vrijwilliger@demo.wegwijs.nl": 10,
    "beheerder@demo.wegwijs.nl": 5,
    "financieel@demo.wegwijs.nl": 5,
    "privacy@demo.wegwijs.nl": 4,
    "gemeente@demo.wegwijs.nl": 4,
}


@pytest.mark.django_db
@pytest.mark.parametrize("email", list(FORMS_AT_LEAST))
def test_no_form_of_any_page_answers_a_server_error(demo, email):
    forms, _pages = discover(persona(email))
    assert len(forms) >= FORMS_AT_LEAST[email], [spec.action for spec in forms]
    for spec in forms:
        client = persona(email)  # a fresh session: a form may log out or switch language
        sweep(client, spec)
        mix(client, spec)


@pytest.mark.django_db
def test_the_public_forms_answer_no_server_error(db):
    client = Client()
    forms = []
    for url in [reverse("accounts:login"), reverse("accounts:password_reset")]:
        parser = FormParser(url)
        parser.feed(client.get(url).content.decode())
        forms.extend(parser.forms)
    assert len(forms) >= 3  # login, reset, language
    for spec in forms:
        sweep(client, spec)
        mix(client, spec)
