"""Releases of the observatory: every table counted, suppressed together, stored; the pages,
exports and API read only stored, already suppressed cells."""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import observatory as policy
from ansam.accounts.models import User
from ansam.core.errors import Forbidden
from ansam.core.periods import last_twelve_months
from ansam.observatory import indicators, suppression
from ansam.observatory.models import Cell, InstitutionalPartner, Release, UnansweredSearch


def release_compute(start: date | None = None, end: date | None = None) -> Release:
    began = time.perf_counter()
    if start is None or end is None:
        start, end = last_twelve_months()
    threshold = settings.ANSAM_SUPPRESSION_THRESHOLD
    tables, constraints = indicators.compute(start, end)
    values: dict = {}
    people: dict = {}
    shares: dict = {}
    for table in tables:
        for (row, col), value in table.values.items():
            key = (table.name, row, col)
            values[key] = value
            if table.about_people:
                people[key] = len(table.people[(row, col)])
            if table.about_organisations:
                shares[key] = list(table.shares[(row, col)].values())
    primary = suppression.primary(
        people,
        threshold,
        shares,
        settings.ANSAM_SUPPRESSION_MIN_ORGANISATIONS,
        settings.ANSAM_SUPPRESSION_DOMINANCE / 100,
    )
    additive = {t.name for t in tables if t.additive}
    linked = {k: v for k, v in values.items() if k[0] in additive}
    masked = suppression.protect(linked, constraints, {k for k in primary if k in linked})
    with transaction.atomic():
        release = Release.objects.create(
            period_start=start,
            period_end=end,
            threshold=threshold,
            people=values.get(("people_by_age", "", ""), 0),
        )
        Cell.objects.bulk_create(
            (
                Cell(
                    release=release,
                    table=name,
                    row=row,
                    column=col,
                    value=None if key in masked or key in primary else value,
                    suppressed="primary"
                    if key in primary
                    else ("secondary" if key in masked else ""),
                )
                for key, value in values.items()
                for name, row, col in [key]
            ),
            batch_size=2000,
        )
        release.computed_at = timezone.now()
        release.seconds = round(time.perf_counter() - began, 3)
        release.save(update_fields=["computed_at", "seconds"])
        Release.objects.exclude(pk=release.pk).update(is_current=False)
        Release.objects.filter(pk=release.pk).update(is_current=True)
        release.is_current = True
    # The release before stays while a page may still be reading it; older ones go.
    for old in Release.objects.order_by("-created_at")[2:]:
        old.delete()
    return release


def record_unanswered(*, thematique: str, commune_code: str | None) -> None:
    UnansweredSearch.objects.create(thematique=thematique[:120], commune_id=commune_code or None)


def partner_add(*, actor: User, institution: str, user: User) -> InstitutionalPartner:
    if not policy.can_manage_partners(actor):
        raise Forbidden(_("Only the territory's coordinators name its institutional partners."))
    return InstitutionalPartner.objects.create(
        user=user, institution=institution.strip()[:200], granted_by=actor
    )


def partner_revoke(*, actor: User, partner: InstitutionalPartner) -> None:
    if not policy.can_manage_partners(actor):
        raise Forbidden(_("Only the territory's coordinators name its institutional partners."))
    InstitutionalPartner.objects.filter(pk=partner.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
