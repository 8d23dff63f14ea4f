import json

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.core.management.base import CommandError

from ansam.organisations.data_inclusion import import_file, import_records
from ansam.organisations.data_inclusion_export import export_directory
from ansam.organisations.models import Organisation, Service, ServiceArea
from tests.conftest import PARIS_SERVICES, SHARED_DATA

pytestmark = pytest.mark.django_db


def test_real_paris_services_are_imported_with_v0_codes_mapped():
    report = import_file(PARIS_SERVICES)
    assert report.services_created == 77
    assert report.structures_created == 52
    assert report.skipped == 0
    assert Service.objects.count() == 77
    numerique = Service.objects.get(source_id="56efa6d8-a5e6-451d-8c1a-68d5aef19520")
    # v0 "numerique--utiliser-le-numerique-au-quotidien" -> v1 fundamentals of digital skills
    assert numerique.thematiques == ["numerique--maitriser-les-fondamentaux-du-numerique"]
    assert numerique.original_codes["thematiques"] == [
        "numerique--approfondir-ma-culture-numerique",
        "numerique--creer-avec-le-numerique",
        "numerique--utiliser-le-numerique-au-quotidien",
    ]
    assert numerique.publics == ["tous-publics"]  # v0 "adultes", "femmes" -> v1
    assert numerique.organisation.siret == "87840202300013"
    assert numerique.organisation.commune_id == "75056"
    assert {(a.kind, a.code) for a in numerique.areas.all()} == {("departement", "75")}
    for service in Service.objects.all():
        for code in service.thematiques:
            v1.Thematique(code)  # every stored thematique is a v1 code


def test_codes_without_mapping_are_reported_and_kept():
    report = import_file(PARIS_SERVICES)
    assert report.unmapped[("type", "numerique")] > 0
    assert report.unmapped[("public", "locataires")] == 2
    kept = Service.objects.filter(original_codes__has_key="types").first()
    assert kept is not None


def test_private_contacts_are_not_imported():
    import_file(PARIS_SERVICES)
    service = Service.objects.get(source_id="6261c1f1-1666-4a84-b5bb-e4f50262206c")
    # The source marks this contact as not public (contact_public: false).
    assert service.contact_name == ""
    assert service.email == ""


def test_reimport_updates_and_never_duplicates():
    import_file(PARIS_SERVICES)
    Service.objects.filter(source_id="56efa6d8-a5e6-451d-8c1a-68d5aef19520").update(name="Changé")
    report = import_file(PARIS_SERVICES)
    assert report.services_created == 0
    # Only what differs from the source is written again.
    assert (report.services_updated, report.services_unchanged) == (1, 76)
    assert (report.structures_updated, report.structures_unchanged) == (0, 52)
    assert Service.objects.count() == 77
    assert Organisation.objects.count() == 52
    assert Service.objects.get(source_id="56efa6d8-a5e6-451d-8c1a-68d5aef19520").name == (
        "Médiation numérique"
    )


def test_bad_records_are_reported_and_good_ones_kept():
    structures = [
        {"source": "t", "id": "s1", "nom": "Bonne structure", "date_maj": "2024-01-01"},
        {"source": "t", "id": "s2", "nom": "X", "date_maj": "2024-01-01"},  # name too short
        {"source": "t", "id": "s3", "nom": "Siret faux", "siret": "12345678901234"},
    ]
    services = [
        {
            "source": "t",
            "structure_id": "s1",
            "id": "ok",
            "nom": "Bon service",
            "description": "Un bon service.",
            "date_maj": "2024-01-01",
            "thematiques": ["logement-hebergement--louer-un-logement"],
        },
        {
            "source": "t",
            "structure_id": "s1",
            "id": "bad-theme",
            "nom": "Mauvais thème",
            "description": "Un service.",
            "date_maj": "2024-01-01",
            "thematiques": ["n-importe-quoi"],
            "modes_accueil": ["par-pigeon"],
        },
        {
            "source": "t",
            "structure_id": "nowhere",
            "id": "orphan",
            "nom": "Orphelin",
            "description": "Sans structure.",
            "date_maj": "2024-01-01",
        },
        {
            "source": "t",
            "structure_id": "s1",
            "id": "future",
            "nom": "Du futur",
            "description": "Mis à jour demain.",
            "date_maj": "2999-01-01",
        },
    ]
    report = import_records(structures, services)
    problems = {(p.record, p.field, p.kind) for p in report.problems}
    assert ("s2", "nom", "error") in problems
    assert ("s3", "siret", "warning") in problems  # value dropped, structure kept
    assert ("orphan", "structure_id", "error") in problems
    assert ("future", "date_maj", "error") in problems
    # Unknown codes are reported and kept on the record, which is imported without them.
    assert report.unmapped[("thematique", "n-importe-quoi")] == 1
    assert report.unmapped[("mode_accueil", "par-pigeon")] == 1
    bad_theme = Service.objects.get(source_id="bad-theme")
    assert bad_theme.thematiques == []
    assert bad_theme.original_codes["thematiques"] == ["n-importe-quoi"]
    assert set(Service.objects.values_list("source_id", flat=True)) == {"ok", "bad-theme"}
    assert set(Organisation.objects.values_list("source_id", flat=True)) == {"s1", "s3"}
    assert Organisation.objects.get(source_id="s3").siret == ""


def test_command_reports_and_exits_non_zero_only_when_nothing_is_read(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command("import_data_inclusion", str(bad))
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command("import_data_inclusion", str(tmp_path / "missing.json"))
    mixed = tmp_path / "mixed.json"
    mixed.write_text(
        json.dumps(
            [
                {"source": "t", "id": "a", "nom": "Structure A", "date_maj": "2024-01-01"},
                {"source": "t", "id": "b", "nom": "B"},
            ]
        ),
        encoding="utf-8",
    )
    call_command("import_data_inclusion", str(mixed))
    out = capsys.readouterr()
    assert "1 structures created" in out.out
    assert "SKIPPED  record b  field nom" in out.err


def test_structures_then_services_in_separate_files():
    report = import_file(SHARED_DATA / "data-inclusion" / "structure_example.json")
    assert report.structures_created == 4
    report = import_file(SHARED_DATA / "data-inclusion" / "service_example.json")
    # Both services belong to structures of the structures file, imported first.
    assert (report.services_created, report.skipped) == (2, 0)


def test_export_validates_and_round_trips(tmp_path):
    import_file(PARIS_SERVICES)
    exported = export_directory()
    assert exported.pop("problems") == []
    assert len(exported["structures"]) == 52
    assert len(exported["services"]) == 77
    for record in exported["services"]:
        v1.Service.model_validate(record)
    before = {
        s.source_id: (s.name, sorted(s.thematiques), sorted(s.publics), s.fees)
        for s in Service.objects.all()
    }
    areas_before = {
        (a.service.source_id, a.kind, a.code) for a in ServiceArea.objects.select_related("service")
    }
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    report = import_file(path)
    assert report.skipped == 0 and not report.unmapped
    after = {
        s.source_id: (s.name, sorted(s.thematiques), sorted(s.publics), s.fees)
        for s in Service.objects.all()
    }
    assert after == before
    areas_after = {
        (a.service.source_id, a.kind, a.code) for a in ServiceArea.objects.select_related("service")
    }
    assert areas_after == areas_before


def test_export_command_writes_a_file(tmp_path):
    import_file(PARIS_SERVICES)
    out = tmp_path / "out.json"
    call_command("export_data_inclusion", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["services"]) == 77


def test_export_leaves_out_a_value_the_schema_refuses_and_says_so():
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Structure de test", email="accueil@structure.test")
    exported = export_directory()
    assert exported["structures"][0]["courriel"] is None
    problem = exported["problems"][0]
    assert (problem.field, problem.kind) == ("courriel", "warning")


def test_reimport_keeps_what_ansam_users_set():
    """The source's fields are updated; an organisation's "works in Ansam" and no-contact delay,
    a service's capacity and referral delays, set by its managers in Ansam, are kept."""
    import_file(PARIS_SERVICES)
    service = Service.objects.get(source_id="56efa6d8-a5e6-451d-8c1a-68d5aef19520")
    Service.objects.filter(pk=service.pk).update(
        capacity_status="full", referral_expiry_days=60, name="Changé"
    )
    Organisation.objects.filter(pk=service.organisation_id).update(
        uses_ansam=True, no_contact_days=30
    )
    import_file(PARIS_SERVICES)
    service.refresh_from_db()
    assert service.name == "Médiation numérique"  # the source's
    assert (service.capacity_status, service.referral_expiry_days) == ("full", 60)
    org = Organisation.objects.get(pk=service.organisation_id)
    assert (org.uses_ansam, org.no_contact_days) == (True, 30)


def test_reimport_rewrites_what_the_source_changed(tmp_path):
    """An unchanged record is left as it is; a changed zone rewrites the service's areas, and a
    renamed structure the search documents of its services."""
    import json

    from ansam.organisations.search import DirectoryQuery, search_directory

    data = json.loads(PARIS_SERVICES.read_text(encoding="utf-8"))
    import_file(PARIS_SERVICES)
    items = data["items"] if isinstance(data, dict) else data
    first = items[0]
    service_id = first["service"]["id"] if "service" in first else first["id"]
    service = Service.objects.get(source_id=service_id)
    org = service.organisation
    assert set(service.areas.values_list("kind", "code")) != {("commune", "75104")}
    from ansam.organisations.data_inclusion import import_records, split_records

    structures, services = split_records(data)
    for raw in services:
        if raw["id"] == service_id:
            raw.pop("zone_eligibilite", None)
            raw["zone_diffusion_type"] = "commune"
            raw["zone_diffusion_code"] = "75104"
    for raw in structures:
        if raw["id"] == org.source_id:
            raw["nom"] = "Structure renommée Zéphyr"
    report = import_records(structures, services)
    assert report.structures_updated == 1
    assert set(service.areas.values_list("kind", "code")) == {("commune", "75104")}
    assert report.services_updated >= 1 and report.services_unchanged > 0
    page = search_directory(DirectoryQuery(text="zephyr"))
    assert {h.service.organisation_id for h in page.hits} == {org.pk}
    again = import_records(structures, services)
    assert (again.services_updated, again.structures_updated) == (0, 0)
