"""Retention (CNIL reference): two years after the last contact once nobody accompanies the
person, the record is archived (restricted access) or anonymised; each is audited; a dry run
changes nothing; a record with activity is refused with its reason."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ansam.access import records
from ansam.access.audit import verify_chain
from ansam.access.models import AuditEvent
from ansam.lifecycle import accompaniment
from ansam.lifecycle.retention import retention_one, retention_run
from ansam.people.models import Person
from ansam.sharing.models import Entry
from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


def close_everything(world):
    pairs = [("team_other_org", "chrs"), ("health_member", "cmp"), ("coordinator", "ccas")]
    for key, org in pairs:
        accompaniment.accompaniment_close(
            actor=world.users[key],
            person=world.person,
            organisation=world.orgs[org],
            reason="goals_met",
        )


def later(days):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def test_a_record_with_activity_is_kept_with_its_reason():
    world = build_world()
    decision = retention_one(world.person)
    assert not decision.due
    assert decision.reason == "Une structure accompagne encore cette personne."
    with pytest.raises(CommandError, match="kept, nothing changed"):
        call_command("retention", person=str(world.person.public_id), stdout=StringIO())
    world.person.refresh_from_db()
    assert world.person.archived_at is None


def test_kept_two_years_after_the_last_contact_then_archived(client):
    world = build_world()
    close_everything(world)
    with later(365):
        assert retention_run() == []
        decision = retention_one(world.person, dry_run=True)
        assert not decision.due and "conservé jusqu’au" in decision.reason
    with later(2 * 365 + 1):
        out = StringIO()
        call_command("retention", dry_run=True, stdout=out)
        assert f"{world.person.public_id}: last contact" in out.getvalue()
        assert "1 record(s) would be archived" in out.getvalue()
        world.person.refresh_from_db()
        assert world.person.archived_at is None  # the dry run changed nothing
        done = retention_run()
        assert [d.person for d in done] == [world.person]
        world.person.refresh_from_db()
        assert world.person.archived_at is not None
        assert Entry.objects.filter(person=world.person).count() == 4  # archived, not erased
        event = AuditEvent.objects.filter(person_id=world.person.pk).order_by("-seq").first()
        assert event.action == "retention_archive" and event.actor_id is None
        assert retention_run() == []  # once only
        # Out of every scope; reachable by a manager of an organisation that accompanied her.
        assert not records.persons_visible_to(world.users["coordinator"]).exists()
        manager = world.users["organisation_manager"]
        verified_login(client, manager)
        board = client.get(reverse("web:dashboard", args=[world.orgs["ccas"].public_id]))
        assert "MARTIN" in board.content.decode()
        response = client.post(
            reverse("web:reopen", args=[world.person.public_id]),
            {"organisation": str(world.orgs["ccas"].public_id), "reason": "Elle revient au CCAS."},
        )
        assert response.status_code == 302
        world.person.refresh_from_db()
        assert world.person.archived_at is None
        assert records.persons_visible_to(manager).filter(pk=world.person.pk).exists()
    assert verify_chain().ok


def test_anonymise_mode_erases_identity_and_writings(settings):
    world = build_world()
    close_everything(world)
    with later(2 * 365 + 1):
        out = StringIO()
        call_command("retention", mode="anonymise", stdout=out)
        assert "1 record(s) anonymised" in out.getvalue()
    person = Person.objects.get(pk=world.person.pk)
    assert person.birth_name == "ANONYME" and person.given_names == "-"
    assert person.birth_date.month == 1 and person.birth_date.day == 1
    assert person.anonymised_at is not None
    assert not Entry.objects.filter(person=person).exists()
    assert AuditEvent.objects.filter(person_id=person.pk, action="retention_anonymise").exists()
    assert verify_chain().ok


def test_a_command_on_an_unknown_record():
    with pytest.raises(CommandError, match="No record"):
        call_command("retention", person="not-an-id", stdout=StringIO())


def test_anonymising_removes_the_meetings_and_the_source_of_cases():
    from ansam.meetings import cases
    from ansam.meetings.models import CasePresentation, Meeting, Viewpoint
    from tests.meetings.world import synthesis

    world = build_world()
    meeting = synthesis(world, days=-3).meeting
    from ansam.meetings import services as meetings

    me = meeting.participants.get(user=world.users["coordinator"])
    meetings.viewpoint_write(
        actor=world.users["coordinator"],
        meeting=meeting,
        participant_id=me.public_id,
        data={"section": "housing", "reading": "Léa Martin dort chez sa sœur."},
        expected_version=None,
    )
    group = cases.group_create(
        actor=world.users["coordinator"], organisation=world.orgs["ccas"], name="Groupe", members=[]
    )
    pres = cases.presentation_create(
        actor=world.users["coordinator"],
        group=group,
        text="Léa Martin vit à Nantes.",
        person=world.person,
    )
    close_everything(world)
    with later(2 * 365 + 1):
        call_command("retention", mode="anonymise", stdout=StringIO())
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Viewpoint.objects.filter(reading__contains="Léa").exists()
    pres = CasePresentation.objects.get(pk=pres.pk)
    assert pres.source_text == "" and pres.person is None and pres.spans == []
