"""Caseload and person pages run a bounded number of queries whatever the data size."""

from datetime import date

import pytest
from django.urls import reverse

from ansam.sharing import services
from ansam.sharing.models import CareTeamMember
from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


def _grow(world, people: int, entries: int):
    coordinator = world.users["coordinator"]
    for i in range(people):
        person = services.person_create(
            actor=coordinator,
            organisation=world.orgs["ccas"],
            data={
                "birth_name": f"Nom{i}",
                "given_names": f"Prénom{i}",
                "birth_date": date(1980, 1, 1 + i % 28),
            },
            basis="informed",
            how="orally",
            duplicates_checked=True,
        )
        CareTeamMember.objects.create(
            person=person,
            organisation=world.orgs["chrs"],
            professional=world.users["team_other_org"],
            joined_how="invited",
        )
        for j in range(entries):
            services.entry_create(
                actor=coordinator, person=person, section="housing", data={"title": f"Note {j}"}
            )


@pytest.mark.parametrize("size", [(1, 1), (12, 6)])
def test_pages_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    world = build_world()
    _grow(world, *size)
    verified_login(client, world.users["coordinator"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("web:caseload")).status_code == 200
    # 29: the record, its team and bases, the sharing table, referrals, warnings of rupture,
    # the plan's next actions, the actor's peer groups (to present the situation to one) and
    # the person's requests for correction waiting for an answer
    with django_assert_max_num_queries(29):
        url = reverse("web:person", args=[world.person.public_id])
        assert client.get(url).status_code == 200
