"""Taking a client out of a household asks for confirmation first, like every destructive
action, and works without JavaScript: a confirmation page whose box must be ticked."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from wegwijs.clients.factories import HouseholdMemberFactory, PersonFactory
from wegwijs.clients.models import HouseholdMember
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AuditEntry


@pytest.fixture
def household_of_two(person, municipality):
    household = HouseholdMemberFactory(person=person).household
    child = PersonFactory(municipality=municipality)
    HouseholdMemberFactory(household=household, person=child, relation="child")
    return child


@pytest.mark.django_db
def test_removing_a_household_member_without_confirmation_removes_nothing(
    coordinator_client, household_of_two
):
    url = reverse("clients:household_remove", args=[household_of_two.public_id])
    response = coordinator_client.post(url)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert HouseholdMember.objects.filter(person=household_of_two).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETE).exists()


@pytest.mark.django_db
def test_removing_a_household_member_asks_on_a_page_and_removes_once_confirmed(
    coordinator_client, person, household_of_two
):
    url = reverse("clients:household_remove", args=[household_of_two.public_id])
    file = coordinator_client.get(reverse("clients:detail", args=[household_of_two.public_id]))
    body = file.content.decode()
    assert f'href="{url}"' in body
    assert f'action="{url}"' not in body
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert 'name="confirmed"' in page.content.decode()
    assert HouseholdMember.objects.filter(person=household_of_two).exists()
    response = coordinator_client.post(url, {"confirmed": "on"})
    assert response.status_code == 302
    assert not HouseholdMember.objects.filter(person=household_of_two).exists()
    assert HouseholdMember.objects.filter(person=person).exists()
    messages = [str(m) for m in coordinator_client.get(response["Location"]).context["messages"]]
    assert _("The client has been taken out of the household.") in messages


@pytest.mark.django_db
def test_the_removal_page_of_a_client_without_household_says_so(coordinator_client, person):
    url = reverse("clients:household_remove", args=[person.public_id])
    response = coordinator_client.get(url)
    assert response.status_code == 302
    messages = [str(m) for m in coordinator_client.get(response["Location"]).context["messages"]]
    assert _("This client does not belong to a household.") in messages
