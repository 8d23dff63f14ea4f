"""Many people acting on the same thing at the same moment, on real database connections (one
per thread): exactly one wins, every other gets a conflict answer, nothing is lost. The suite
runs it in CI's second run, on PostgreSQL."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from ansam.core.errors import Conflict, NotFound
from ansam.plans import services as plans
from ansam.plans.models import Action
from ansam.referrals import services as referral_services
from ansam.sharing import services as record_services
from ansam.sharing.models import Entry, EntryVersion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (CI's second run): SQLite's test database is in memory, shared "
        "by threads without row locks, and its flush cannot empty the audit log's table",
    ),
]
THREADS = 20


@pytest.fixture(autouse=True)
def _geography(transactional_db):
    """A transactional test empties the database when it ends: the next one reloads the
    geography the others share (pytest-django runs these after all the others)."""
    from django.conf import settings

    from ansam.geo.loading import load_geography
    from ansam.geo.models import Commune

    if not Commune.objects.exists():
        load_geography(settings.GEO_DATA_DIR)


def _race(act):
    """Run `act(i)` in THREADS threads released together; return what each returned or raised."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def run(i):
        try:
            barrier.wait()
            results[i] = ("ok", act(i))
        except Exception as exc:  # noqa: BLE001 - each outcome is what the test looks at
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_old_connections()
    return results


def _one_winner(results):
    wins = [r for r in results if r[0] == "ok"]
    conflicts = [r for r in results if r[0] == "error" and isinstance(r[1], Conflict)]
    others = [r for r in results if r not in wins and r not in conflicts]
    assert len(wins) == 1, results
    assert len(conflicts) == THREADS - 1 and not others, others[:3]


def test_one_edit_of_an_entry_wins(settings):
    from tests.sharing.world import build_world

    w = build_world()
    entry = w.entries["housing"]
    results = _race(
        lambda i: record_services.entry_update(
            actor=w.users["coordinator"],
            entry=entry,
            data={"title": f"Version {i}"},
            expected_version=1,
        )
    )
    _one_winner(results)
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.version == 2
    assert EntryVersion.objects.filter(entry=entry).count() == 1  # the first state is kept


def test_one_edit_of_a_plan_action_wins():
    from tests.plans.world import build_plan_world

    w = build_plan_world()
    action = w.actions["ccas"]
    results = _race(
        lambda i: plans.action_update(
            actor=w.base.users["coordinator"],
            action=action,
            data={
                "what": f"Démarche {i}",
                "holder": "organisation",
                "organisation": w.base.orgs["ccas"],
                "due_on": action.due_on,
            },
            expected_version=1,
        )
    )
    _one_winner(results)
    assert Action.objects.get(pk=action.pk).version == 2


def test_one_answer_to_a_referral_wins():
    from tests.referrals.world import build_referral_world, send

    w = build_referral_world()
    referral = send(w)

    def answer(i):
        if i % 2:
            return referral_services.referral_accept(
                actor=w.receiver, referral=referral, appointment_at=timezone.now()
            )
        return referral_services.referral_decline(
            actor=w.receiver_colleague, referral=referral, reason="no_capacity"
        )

    results = _race(answer)
    _one_winner(results)
    referral.refresh_from_db()
    assert referral.state in ("accepted", "declined")
    assert referral.events.exclude(to_state__in=["sent", "seen"]).count() == 1


def test_a_lost_object_is_not_found_not_a_crash():
    """(The race helper itself: an act on something absent is a clean NotFound.)"""
    results = _race(lambda i: (_ for _ in ()).throw(NotFound()))
    assert all(r[0] == "error" and isinstance(r[1], NotFound) for r in results)
