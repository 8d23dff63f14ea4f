from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansam.core.errors import AnsamError, Conflict, Forbidden
from ansam.people.duplicates import find_candidates
from ansam.sharing import services
from ansam.sharing.models import Entry, EntryVersion
from tests.conftest import verified_login
from tests.sharing.world import PDF, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(
    "birth_name, given, born",
    [
        ("MARTIN", "Lea", date(1990, 4, 12)),  # case and accents
        ("Martin", "Léa Marie", date(1990, 4, 12)),  # compound given names
        ("Martinn", "Léa", date(1990, 4, 12)),  # typo
        ("Martin", "Léa", date(1990, 12, 4)),  # day and month swapped
        ("Martin", "Léa", date(1990, 4, 13)),  # one digit wrong in the date
    ],
)
def test_duplicates_are_found(world, birth_name, given, born):
    found = find_candidates(birth_name=birth_name, used_name="", given_names=given, birth_date=born)
    assert [c.person.pk for c in found] == [world.person.pk]


def test_different_people_are_not_duplicates(world):
    assert not find_candidates(
        birth_name="Bernard", used_name="", given_names="Paul", birth_date=date(1990, 4, 12)
    )


def test_swapped_names_are_found(world):
    found = find_candidates(
        birth_name="Léa", used_name="", given_names="Martin", birth_date=date(1990, 4, 12)
    )
    assert found


def test_creation_stops_on_a_likely_duplicate_and_hides_what_one_may_not_see(world, client):
    outsider = world.users["member_other_org"]
    verified_login(client, outsider)
    data = {
        "birth_name": "Martin",
        "given_names": "Lea",
        "birth_date": "1990-04-12",
        "organisation": str(world.orgs["other"].public_id),
        "basis": "informed",
        "how": "orally",
    }
    page = client.post(reverse("web:person_new"), data).content.decode()
    assert "Un dossier existe peut-être déjà, coordonné par CCAS de Nantes." in page
    assert "1990" not in page.split("Un dossier existe")[1].split("</li>")[0]
    assert "Léa" not in page.split('id="dup-title"')[1].split("</section>")[0]
    # Confirming creates a second record, never a silent merge.
    data["duplicates_checked"] = "True"
    response = client.post(reverse("web:person_new"), data)
    assert response.status_code == 302


def test_bad_identity_is_refused_with_a_message(world):
    org = world.orgs["ccas"]
    for data, field in (
        ({"birth_name": "", "given_names": "A", "birth_date": date(2000, 1, 1)}, "birth_name"),
        (
            {"birth_name": "B", "given_names": "A", "birth_date": date.today() + timedelta(days=1)},
            "birth_date",
        ),
        ({"birth_name": "B", "given_names": "A", "birth_date": date(1850, 1, 1)}, "birth_date"),
    ):
        with pytest.raises(AnsamError) as exc:
            services.person_create(
                actor=world.users["coordinator"],
                organisation=org,
                data=data,
                basis="informed",
                how="orally",
            )
        assert field in exc.value.fields


def test_edits_keep_every_version_and_stale_edits_are_refused(world):
    entry = world.entries["housing"]
    coordinator = world.users["coordinator"]
    services.entry_update(
        actor=coordinator, entry=entry, data={"body": "Version 2"}, expected_version=1
    )
    with pytest.raises(Conflict):
        services.entry_update(
            actor=coordinator, entry=entry, data={"body": "Écrasement"}, expected_version=1
        )
    entry.refresh_from_db()
    assert entry.body == "Version 2" and entry.version == 2
    assert EntryVersion.objects.get(entry=entry, version=1).body == "Dossier déposé."


def test_only_the_author_edits(world):
    with pytest.raises(Forbidden):
        services.entry_update(
            actor=world.users["team_other_org"],
            entry=world.entries["housing"],
            data={"body": "x"},
            expected_version=1,
        )


def test_writing_outside_ones_sections_is_refused(world):
    with pytest.raises(Forbidden):
        services.entry_create(
            actor=world.users["team_other_org"],
            person=world.person,
            section="health",
            data={"title": "Diagnostic"},
        )
    assert not Entry.objects.filter(title="Diagnostic").exists()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("virus.exe", b"MZ\x90\x00", "application/pdf"),  # the declared type lies
        ("page.html", b"<html>", "text/html"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf"),
    ],
)
def test_bad_uploads_are_refused(world, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with pytest.raises(AnsamError) as exc:
        services.entry_create(
            actor=world.users["coordinator"],
            person=world.person,
            section="identity",
            data={"title": "Doc"},
            upload=upload,
        )
    assert "file" in exc.value.fields
    assert not Entry.objects.filter(title="Doc").exists()


def test_only_the_care_team_records_a_withdrawal(world):
    from ansam.core.errors import NotFound

    with pytest.raises(NotFound):
        services.basis_record(
            actor=world.users["colleague_outside_team"],
            person=world.person,
            basis="withdrawn",
            how="orally",
        )


def test_emergency_access_alerts_managers_and_asks_to_inform_the_person(world, client):
    from ansam.core.notifications import Notification
    from tests.factories import MembershipFactory

    siao = world.orgs["siao"]
    manager = MembershipFactory(organisation=siao, role="manager").user
    verified_login(client, world.users["emergency_actor"])
    identity = {
        "organisation": str(siao.public_id),
        "name": "Martin",
        "given_names": "Léa",
        "birth_date": "1990-04-12",
    }
    page = client.post(reverse("web:emergency"), identity | {"reason": "vite"})
    assert "20 caractères" in page.content.decode()
    reason = "Appel de détresse, référent injoignable ce soir."
    client.post(reverse("web:emergency"), identity | {"reason": reason})
    assert Notification.objects.filter(user=manager).exists()
    assert Notification.objects.filter(user=world.users["coordinator"], urgent=True).exists()
    assert client.get(reverse("web:person", args=[world.person.public_id])).status_code == 200
    verified_login(client, world.users["coordinator"])
    page = client.get(reverse("web:person", args=[world.person.public_id])).content.decode()
    assert "informer la personne" in page


def test_handover_and_team_pages(world, client):
    from ansam.sharing.models import CareTeamMember

    verified_login(client, world.users["coordinator"])
    member = CareTeamMember.objects.get(professional=world.users["team_other_org"])
    client.post(reverse("web:team_handover", args=[world.person.public_id, member.public_id]))
    member.refresh_from_db()
    assert member.role == "coordinator"
    assert client.get(reverse("web:person_team", args=[world.person.public_id])).status_code == 404


def test_removing_a_member_ends_their_access_and_keeps_the_dates(world, client):
    from ansam.access import records
    from ansam.sharing.models import CareTeamMember

    member = CareTeamMember.objects.get(professional=world.users["team_other_org"])
    verified_login(client, world.users["team_other_org"])  # not the coordinator: 404, not 403
    client.post(
        reverse(
            "web:team_remove",
            args=[world.person.public_id, CareTeamMember.objects.get(role="coordinator").public_id],
        )
    )
    assert CareTeamMember.objects.get(role="coordinator").is_active
    verified_login(client, world.users["coordinator"])
    client.post(reverse("web:team_remove", args=[world.person.public_id, member.public_id]))
    member.refresh_from_db()
    assert not member.is_active and member.until is not None
    assert not records.record_access(world.users["team_other_org"], world.person).visible
