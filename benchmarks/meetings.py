"""Meeting pages at the size of a busy accompaniment: a person whose care team counts 30
professionals from 10 organisations, met every month for a year (12 meetings, each with the 30
viewpoints, minutes and 5 decisions into the plan), and a meeting to come with the 30 invited.

    python benchmarks/meetings.py --engine postgresql|sqlite [--samples 200]

Prints a JSON summary; docs/benchmarks.md records it with machine and date."""

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django, timed  # noqa: E402


def build(participants: int, months: int):
    from django.utils import timezone

    from ansam.meetings import decisions
    from ansam.meetings import services as meetings
    from ansam.meetings.models import Participant
    from ansam.organisations.models import Membership
    from ansam.sharing import services as record
    from ansam.sharing.models import CareTeamMember
    from tests.factories import MembershipFactory, OrganisationFactory

    orgs = [OrganisationFactory(name=f"Structure {i}", typology="CCAS") for i in range(10)]
    coordinator = MembershipFactory(organisation=orgs[0], role="coordinator").user
    person = record.person_create(
        actor=coordinator,
        organisation=orgs[0],
        data={"birth_name": "Martin", "given_names": "Léa", "birth_date": date(1990, 4, 12)},
        basis="informed",
        how="orally",
    )
    members = []
    for i in range(participants - 1):
        m = MembershipFactory(organisation=orgs[i % 10])
        CareTeamMember.objects.create(
            person=person, organisation=m.organisation, professional=m.user, joined_how="invited"
        )
        members.append(m)
    invitees = [
        meetings.Invitee(Participant.Kind.PROFESSIONAL, membership=m)
        for m in Membership.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "user", "organisation"
        )
    ]
    now = timezone.now()
    for month in range(months, 0, -1):
        meeting = meetings.meeting_create(
            actor=coordinator,
            kind="person",
            person=person,
            data={"title": f"Synthèse {month}", "starts_at": now - timedelta(days=30 * month)},
            invitees=invitees,
        ).meeting
        for p in meeting.participants.all():
            meetings.viewpoint_write(
                actor=p.user,
                meeting=meeting,
                participant_id=p.public_id,
                data={"section": "housing", "reading": "Lecture " * 40, "proposal": "Propose."},
                expected_version=None,
            )
        for kind in ("agree", "differ", "agree"):
            meetings.minutes_part_add(
                actor=coordinator, meeting=meeting, kind=kind, section="housing", text="Texte."
            )
        for d in range(5):
            decisions.decision_add(
                actor=coordinator,
                meeting=meeting,
                data={"what": f"Décision {d}", "section": "housing", "holder": "person"},
                new_goal="Logement" if d == 0 else "",
                goal=None if d == 0 else person_goal(person),
            )
        meetings.minutes_close(actor=coordinator, meeting=meeting)
    coming = meetings.meeting_create(
        actor=coordinator,
        kind="person",
        person=person,
        data={"title": "Synthèse à venir", "starts_at": now + timedelta(days=3)},
        invitees=invitees,
    ).meeting
    return coordinator, members[5].user, coming


def person_goal(person):
    from ansam.plans.models import Goal

    return Goal.objects.filter(plan__person=person).order_by("pk").first()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    setup_django(fresh_database(args.engine, "ansam_bench_meetings"))
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.geo.loading import load_geography

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    load_geography(settings.GEO_DATA_DIR)
    build_seconds, (coordinator, partner, coming) = timed(build, args.participants, args.months)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    from ansam.meetings.models import Meeting

    past = Meeting.objects.filter(person=coming.person).exclude(pk=coming.pk).first()
    result = {
        "engine": connection.vendor,
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "build_seconds": round(build_seconds, 1),
    }
    for label, user, url in (
        ("meeting_to_come_organiser", coordinator, f"/meetings/{coming.public_id}/"),
        ("meeting_held_partner", partner, f"/meetings/{past.public_id}/"),
        ("meetings_list", coordinator, "/meetings/"),
        ("day", partner, "/day/"),
    ):
        client = Client()
        client.force_login(user)
        client.get(url)
        samples, queries = [], set()
        for _ in range(args.samples):
            with CaptureQueriesContext(connection) as ctx:
                seconds, response = timed(client.get, url)
            assert response.status_code == 200, (url, response.status_code)
            samples.append(seconds)
            queries.add(len(ctx.captured_queries))
        result[label] = {**percentiles(samples), "queries": sorted(queries)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
