"""The audit log: every read and write appends an event; the chain detects tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from ansam.access.audit import verify_chain
from ansam.access.models import AuditEvent
from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


def _drop_triggers():
    """What an attacker with database rights would do first."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE access_auditevent DISABLE TRIGGER access_auditevent_immutable")
        else:
            c.execute("DROP TRIGGER access_auditevent_no_update")
            c.execute("DROP TRIGGER access_auditevent_no_delete")


@pytest.fixture
def world():
    return build_world()


def test_reads_and_writes_are_logged_with_who_what_and_basis(world, client):
    before = AuditEvent.objects.count()
    verified_login(client, world.users["team_other_org"])
    client.get(reverse("web:person", args=[world.person.public_id]))
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "view_record"
    assert event.actor_id == world.users["team_other_org"].pk
    assert event.organisation_name == "CHRS Le Phare"
    assert event.person_id == world.person.pk
    assert "housing" in event.detail["sections"]
    client.get(reverse("web:entry_file", args=[world.entries["identity_file"].public_id]))
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.section, event.basis) == ("download_document", "identity",
                                                          "informed")  # fmt: skip


def test_a_refused_read_writes_nothing(world, client):
    before = AuditEvent.objects.count()
    verified_login(client, world.users["member_other_org"])
    client.get(reverse("web:person", args=[world.person.public_id]))
    assert AuditEvent.objects.count() == before


def test_the_application_refuses_to_change_the_log(world):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_too(world):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE access_auditevent SET action = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM access_auditevent")


def test_intact_chain_verifies(world, capsys):
    assert verify_chain().ok
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["change", "delete", "reorder", "insert", "truncate_end"])
def test_tampering_is_detected_and_named(world, tamper):
    _drop_triggers()
    events = list(AuditEvent.objects.order_by("seq"))
    assert len(events) >= 5
    target = events[2]
    with connection.cursor() as c:
        if tamper == "change":
            c.execute("UPDATE access_auditevent SET actor_name = 'Quelqu''un' WHERE seq = %s",
                      [target.seq])  # fmt: skip
        elif tamper == "delete":
            c.execute("DELETE FROM access_auditevent WHERE seq = %s", [target.seq])
        elif tamper == "reorder":
            c.execute("UPDATE access_auditevent SET seq = 999999999 WHERE seq = %s", [target.seq])
            c.execute("UPDATE access_auditevent SET seq = %s WHERE seq = %s",
                      [target.seq, target.seq + 1])  # fmt: skip
            c.execute(
                "UPDATE access_auditevent SET seq = %s WHERE seq = 999999999", [target.seq + 1]
            )
        elif tamper == "insert":
            c.execute("UPDATE access_auditevent SET seq = seq + 1000 WHERE seq > %s", [target.seq])
            c.execute("UPDATE access_auditevent SET seq = seq - 999 WHERE seq > %s",
                      [target.seq + 1000])  # fmt: skip
            c.execute(
                "INSERT INTO access_auditevent (seq, at, actor_name, organisation_name, role,"
                " action, section, basis, detail, prev_hash, hash) VALUES"
                " (%s, %s, 'Faux', '', '', 'view_record', '', '', '{}', %s, %s)",
                [target.seq + 1, target.at, target.hash, "f" * 64],
            )
        elif tamper == "truncate_end":
            c.execute("DELETE FROM access_auditevent WHERE seq = %s", [events[-1].seq])
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq is not None
    with pytest.raises(CommandError, match=f"BROKEN at event #{result.broken_seq}"):
        call_command("audit_verify")
