"""Keeping the directory's search documents in step with the services.

Called by every service function that changes a service; each call also tells the processes'
in-memory search indexes (search_engine.py) that the directory changed."""

import uuid
from collections.abc import Iterable
from functools import lru_cache

from ansam.core.db import insert_rows
from ansam.core.text import stems
from ansam.organisations import taxonomies
from ansam.organisations.models import SearchIndexVersion, Service, ServiceSearchDocument


def _themes_text(service: Service) -> str:
    parts = [taxonomies.label("thematique", c) for c in service.thematiques]
    parts += [taxonomies.label("categorie", c) for c in service.categories]
    parts += [taxonomies.label("type", c) for c in service.types]
    parts += [taxonomies.label("public", c) for c in service.publics]
    return " ; ".join(parts)


@lru_cache(maxsize=10_000)
def _joined_stems(text: str) -> str:
    # Thematique and public labels repeat from service to service: stem each combination once.
    return " ".join(stems(text))


def build_document(service: Service) -> ServiceSearchDocument:
    org = service.organisation
    name = f"{service.name} ; {org.name}"
    themes = _themes_text(service)
    body = " ; ".join(
        part
        for part in (
            service.summary,
            service.description,
            service.publics_details,
            taxonomies.label("typologie", org.typology) if org.typology else "",
            service.commune_name or org.commune_name,
        )
        if part
    )
    return ServiceSearchDocument(
        service=service,
        name=name,
        themes=themes,
        body=body,
        name_stems=" ".join(stems(name)),
        themes_stems=_joined_stems(themes),
        body_stems=" ".join(stems(body)),
    )


def directory_changed() -> None:
    """A new token: each process rebuilds its search index at its next search."""
    SearchIndexVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def index_services(services: Iterable[Service]) -> int:
    """(Re)build the documents of these services; their organisation must be loaded."""
    services = list(services)
    if not services:
        return 0
    ids = [s.pk for s in services]
    ServiceSearchDocument.objects.filter(service_id__in=ids).delete()
    columns = ["service_id", "name", "themes", "body", "name_stems", "themes_stems", "body_stems"]
    rows = [
        (d.service_id, d.name, d.themes, d.body, d.name_stems, d.themes_stems, d.body_stems)
        for d in (build_document(s) for s in services)
    ]
    insert_rows(ServiceSearchDocument, columns, rows)
    directory_changed()
    return len(services)


def reindex_all(batch: int = 2000) -> int:
    total = 0
    last = 0
    while True:
        chunk = list(
            Service.objects.select_related("organisation")
            .filter(pk__gt=last)
            .order_by("pk")[:batch]
        )
        if not chunk:
            return total
        total += index_services(chunk)
        last = chunk[-1].pk
