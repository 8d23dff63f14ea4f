"""Ping-pong and loops: a person referred again and again for the same need without anyone
taking them on, or sent back and forth between the same partners."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import records
from ansam.continuity.services import close_for
from ansam.core import links
from ansam.core.errors import AnsamError, NotFound
from ansam.core.notifications import notify
from ansam.referrals.models import TAKEN_ON, PersonFlag, Referral
from ansam.sharing.models import CareTeamMember

WINDOW_DAYS = 90
PING_PONG_COUNT = 3


def _raise(referral: Referral, kind: str, detail: str) -> None:
    open_flag = PersonFlag.objects.filter(
        person=referral.person, kind=kind, thematique=referral.thematique, closed_at=None
    )
    if open_flag.exists():
        return
    PersonFlag.objects.create(
        person=referral.person,
        kind=kind,
        thematique=referral.thematique,
        detail=detail,
        section=referral.section,
    )
    coordinators = [
        m.professional
        for m in CareTeamMember.objects.filter(
            person=referral.person, is_active=True, role=CareTeamMember.Role.COORDINATOR
        ).select_related("professional")
    ]
    notify(
        coordinators,
        _("Warning: a person you coordinate is being bounced between partners."),
        links.person(referral.person.public_id),
        urgent=False,
    )


def _recent(referral: Referral):
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    return Referral.objects.filter(person=referral.person, created_at__gte=since)


def check_after_send(referral: Referral) -> None:
    recent = _recent(referral)
    same_need = recent.filter(thematique=referral.thematique)
    if same_need.count() >= PING_PONG_COUNT and not same_need.filter(state__in=TAKEN_ON).exists():
        _raise(
            referral,
            PersonFlag.Kind.PING_PONG,
            _("%(n)s referrals for the same need in %(days)s days, none taken on.")
            % {"n": same_need.count(), "days": WINDOW_DAYS},
        )
    chain: set[int] = set()
    previous = referral.previous
    while previous is not None and len(chain) < 20:
        chain |= {previous.sender_organisation_id, previous.receiver_organisation_id}
        previous = previous.previous
    if referral.receiver_organisation_id in chain:
        _raise(
            referral,
            PersonFlag.Kind.LOOP,
            _("Redirected back to %(a)s.") % {"a": referral.receiver_organisation},
        )
        return
    back = (
        recent.filter(
            sender_organisation=referral.receiver_organisation,
            receiver_organisation=referral.sender_organisation,
        )
        .exclude(state__in=TAKEN_ON)
        .exclude(pk=referral.pk)
    )
    if back.exists():
        _raise(
            referral,
            PersonFlag.Kind.LOOP,
            _("Sent back and forth between %(a)s and %(b)s.")
            % {"a": referral.sender_organisation, "b": referral.receiver_organisation},
        )


def check_after_refusal(referral: Referral) -> None:
    check_after_send(referral)


def flag_close(*, actor, flag: PersonFlag, note: str) -> PersonFlag:
    """The coordinator closes the warning, saying what was done about it."""
    with transaction.atomic():
        if not records.can_answer_flag(records.record_access(actor, flag.person)):
            raise NotFound()
        if not note.strip():
            raise AnsamError(
                _("Some fields are not valid."), fields={"note": [_("Say what was done about it.")]}
            )
        PersonFlag.objects.filter(pk=flag.pk).update(
            closed_at=timezone.now(), detail=f"{flag.detail}\n{note.strip()}".strip()[:2000]
        )
        close_for(subject=f"flag:{flag.pk}", act="flag_closed", actor=actor)
    return flag
