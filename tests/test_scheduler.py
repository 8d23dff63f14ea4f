import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_scheduler_enqueues_the_periodic_tasks(capsys):
    # Tests run tasks immediately: the tick and the digest run without error on empty data.
    call_command("scheduler", "--once")
    out = capsys.readouterr().out
    for name in (
        "referrals_tick",
        "daily_digests",
        "continuity_signals",
        "retention",
        "audit_checkpoint",
        "idempotency_purge",
    ):
        assert name in out, name
