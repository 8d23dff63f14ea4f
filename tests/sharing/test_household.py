from datetime import date

import pytest
from django.urls import reverse

from ansam.access.models import AuditEvent
from ansam.people.models import Person
from ansam.sharing import services
from ansam.sharing.models import Entry
from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_add_a_child_as_a_linked_person(world, client):
    verified_login(client, world.users["coordinator"])
    url = reverse("web:relatives", args=[world.person.public_id])
    response = client.post(
        url,
        {"kind": "child", "birth_name": "Martin", "given_names": "Tom", "birth_date": "2015-06-01"},
    )
    assert response.status_code == 302
    page = client.get(reverse("web:person", args=[world.person.public_id])).content.decode()
    assert "Enfant : Tom MARTIN" in page
    assert Person.objects.filter(given_names="Tom").exists()


def test_merge_keeps_both_histories(world, client):
    coordinator = world.users["coordinator"]
    twin = services.person_create(
        actor=coordinator,
        organisation=world.orgs["ccas"],
        data={"birth_name": "MARTIN", "given_names": "Lea", "birth_date": date(1990, 4, 12)},
        basis="informed",
        how="orally",
        duplicates_checked=True,
    )
    services.entry_create(
        actor=coordinator, person=twin, section="housing", data={"title": "Note du doublon"}
    )
    from django.utils import timezone

    from ansam.meetings import services as meetings
    from ansam.meetings.models import Meeting

    meeting = meetings.meeting_create(
        actor=coordinator,
        kind="person",
        person=twin,
        data={"title": "Synthèse du doublon", "starts_at": timezone.now()},
        invitees=[],
    ).meeting
    verified_login(client, coordinator)
    url = reverse("web:merge", args=[world.person.public_id])
    assert "Lea MARTIN" in client.get(url).content.decode()
    client.post(url, {"other": str(twin.public_id)})
    twin.refresh_from_db()
    assert twin.merged_into_id == world.person.pk
    assert Entry.objects.filter(person=world.person, title="Note du doublon").exists()
    assert Meeting.objects.get(pk=meeting.pk).person_id == world.person.pk
    assert AuditEvent.objects.filter(action="merge_records").count() == 2
    # The merged record no longer appears on its own.
    assert client.get(reverse("web:person", args=[twin.public_id])).status_code == 404


def test_only_a_coordinator_of_both_merges(world, client):
    verified_login(client, world.users["team_other_org"])
    assert client.get(reverse("web:merge", args=[world.person.public_id])).status_code == 404
