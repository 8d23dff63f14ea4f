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
    assert (event.action, event.section, event.basis) == (
        "download_document",
        "identity",
        "informed",
    )


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
            c.execute(
                "UPDATE access_auditevent SET actor_name = 'Quelqu''un' WHERE seq = %s",
                [target.seq],
            )
        elif tamper == "delete":
            c.execute("DELETE FROM access_auditevent WHERE seq = %s", [target.seq])
        elif tamper == "reorder":
            c.execute("UPDATE access_auditevent SET seq = 999999999 WHERE seq = %s", [target.seq])
            c.execute(
                "UPDATE access_auditevent SET seq = %s WHERE seq = %s", [target.seq, target.seq + 1]
            )
            c.execute(
                "UPDATE access_auditevent SET seq = %s WHERE seq = 999999999", [target.seq + 1]
            )
        elif tamper == "insert":
            c.execute("UPDATE access_auditevent SET seq = seq + 1000 WHERE seq > %s", [target.seq])
            c.execute(
                "UPDATE access_auditevent SET seq = seq - 999 WHERE seq > %s", [target.seq + 1000]
            )
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


# What the probe did undetected before the chain was keyed and anchored ----------------------


def _rewrite_from(seq: int, *, key: bytes | None = None):
    """Change event `seq` and recompute every later hash and the head, as an attacker who holds
    the database (and, with `key`, the audit key too) would."""
    import hashlib
    import hmac

    from ansam.access.audit import _canonical
    from ansam.access.models import AuditHead

    _drop_triggers()
    with connection.cursor() as c:
        c.execute("UPDATE access_auditevent SET actor_name = 'Quelqu''un' WHERE seq = %s", [seq])
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash = prev
        if key is None:
            digest = hashlib.sha256(_canonical(event)).hexdigest()
        else:
            digest = hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()
        with connection.cursor() as c:
            c.execute(
                "UPDATE access_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
                [prev, digest, event.seq],
            )
        prev = digest
    with connection.cursor() as c:
        c.execute("UPDATE access_audithead SET hash = %s WHERE id = 1", [prev])
    assert AuditHead.objects.get().hash == prev


def _cut_tail(n: int):
    from ansam.access.models import AuditHead

    _drop_triggers()
    last = AuditEvent.objects.order_by("-seq")[n]
    with connection.cursor() as c:
        c.execute("DELETE FROM access_auditevent WHERE seq > %s", [last.seq])
        c.execute(
            "UPDATE access_audithead SET seq = %s, hash = %s WHERE id = 1", [last.seq, last.hash]
        )
    assert AuditHead.objects.get().seq == last.seq


@pytest.fixture
def anchored(world, tmp_path, settings):
    from ansam.access.audit_anchor import write_checkpoint

    path = tmp_path / "elsewhere" / "audit-checkpoints.log"
    settings.ANSAM_AUDIT_CHECKPOINTS = [f"file:{path}"]
    assert write_checkpoint() is not None
    return path


def test_a_rewritten_chain_without_the_key_is_detected(world):
    _rewrite_from(3)  # every later hash recomputed, with SHA-256: no key
    result = verify_chain()
    assert not result.ok and result.broken_seq == 3 and result.reason == "content changed"


def test_a_chain_rewritten_with_the_key_is_caught_by_the_checkpoints(anchored, settings):
    from ansam.access.audit import keys

    assert verify_chain().ok
    _rewrite_from(3, key=keys()["dev"])
    assert verify_chain().ok  # the key alone does not protect against its holder
    with pytest.raises(CommandError, match="differs from its checkpoint"):
        call_command("audit_verify")


def test_events_cut_from_the_end_are_caught_by_the_checkpoints(anchored):
    _cut_tail(2)
    assert verify_chain().ok  # the chain alone cannot see it: the head was moved back
    with pytest.raises(CommandError, match="is missing"):
        call_command("audit_verify")


def test_a_forged_checkpoint_is_refused(anchored):
    import json

    line = json.loads(anchored.read_text().splitlines()[-1])
    line["seq"] -= 1
    anchored.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="not authentic"):
        call_command("audit_verify")


def test_a_downgrade_to_the_unkeyed_chain_is_caught(anchored):
    from ansam.access.models import AuditKeyEpoch

    # "These events were never keyed", and the whole chain recomputed with plain SHA-256.
    AuditKeyEpoch.objects.update(from_seq=10**9)
    _rewrite_from(1)
    assert verify_chain().ok  # the chain alone is fooled...
    with pytest.raises(CommandError, match="BROKEN against"):
        call_command("audit_verify")  # ...the checkpoints are not


def test_a_new_key_signs_from_the_next_event_and_the_old_one_still_verifies(world, settings):
    from ansam.access.audit import record
    from ansam.access.models import AuditKeyEpoch

    settings.ANSAM_AUDIT_KEYS = [*settings.ANSAM_AUDIT_KEYS, "2:" + "n" * 64]
    event = record(actor=None, action="view_record")
    assert AuditKeyEpoch.objects.order_by("-from_seq").first().from_seq == event.seq
    assert verify_chain().ok
    settings.ANSAM_AUDIT_KEYS = settings.ANSAM_AUDIT_KEYS[-1:]  # the old key lost
    result = verify_chain()
    assert not result.ok and "not configured" in result.reason


def test_checkpoints_are_written_only_when_the_chain_moved(anchored):
    from ansam.access.audit import record
    from ansam.access.audit_anchor import write_checkpoint

    assert write_checkpoint() is None
    record(actor=None, action="view_record")
    assert write_checkpoint() is not None
    assert len(anchored.read_text().splitlines()) == 2
    call_command("audit_verify")
