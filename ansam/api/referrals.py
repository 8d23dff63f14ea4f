"""Referrals over the API: the whole lifecycle. Creation honours an Idempotency-Key header
(ansam.core.idempotency): a replayed POST creates one referral."""

from datetime import date, datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema

from ansam.access import fetch
from ansam.access import referrals as rules
from ansam.api.schemas import PageNumber, idempotent
from ansam.core import idempotency as idem
from ansam.core.errors import AnsamError, NotFound
from ansam.referrals import selectors
from ansam.referrals import services as referral_services

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    person_id: UUID
    service_id: UUID
    need_words: str
    reason: str = ""
    thematique: str = ""
    section: str = ""
    sections: list[str] = []
    basis: str = ""
    how: str = "orally"
    override_reason: str = ""
    urgent: bool = False
    accept_waiting_list: bool = False


class ActionIn(Schema):
    action: str
    appointment_at: datetime | None = None
    reason: str = ""
    outcome: str = ""
    text: str = ""
    service_id: UUID | None = None


class ReferralOut(Schema):
    id: UUID
    person_id: UUID
    service: str
    sender_organisation: str
    receiver_organisation: str
    state: str
    urgent: bool
    section: str
    need_words: str
    sections: list[str]
    answer_due_on: date
    appointment_at: datetime | None
    decline_reason: str
    outcome: str
    outside_ansam: bool
    events: list[dict]


def referral_out(referral) -> dict:
    return {
        "id": referral.public_id,
        "person_id": referral.person.public_id,
        "service": referral.service_name,
        "sender_organisation": referral.sender_organisation.name,
        "receiver_organisation": referral.receiver_organisation.name,
        "state": referral.state,
        "urgent": referral.urgent,
        "section": referral.section,
        "need_words": referral.need_words,
        "sections": referral.sections,
        "answer_due_on": referral.answer_due_on,
        "appointment_at": referral.appointment_at,
        "decline_reason": referral.decline_reason,
        "outcome": referral.outcome,
        "outside_ansam": referral.outside_ansam,
        "events": [
            {"at": e.at.isoformat(), "state": e.to_state, "by": e.actor_name}
            for e in selectors.events_of(referral)
        ],
    }


@router.post(
    "/referrals", response={201: ReferralOut, 200: ReferralOut}, openapi_extra=idem.OPENAPI
)
def create(request, payload: ReferralIn):
    person, access = fetch.access_person_by_id(request.user, payload.person_id)
    service = fetch.access_service_by_id(request.user, payload.service_id)
    if not rules.can_refer(access):
        raise NotFound()

    def send():
        referral = referral_services.referral_send(
            actor=request.user,
            person=person,
            service=service,
            need_words=payload.need_words,
            reason=payload.reason,
            thematique=payload.thematique,
            section=payload.section,
            sections=payload.sections,
            basis=payload.basis,
            how=payload.how,
            override_reason=payload.override_reason,
            urgent=payload.urgent,
            accept_waiting_list=payload.accept_waiting_list,
        )
        return referral, referral_out(referral)

    return idempotent(request, send, lambda public_id: get(request, public_id))


@router.get("/referrals", response=list[ReferralOut], summary="My queues")
def queue(request, box: str = "received", page: PageNumber = 1):
    qs = selectors.sent(request.user) if box == "sent" else selectors.inbox(request.user)
    start = (page - 1) * 50
    return [referral_out(r) for r in qs.prefetch_related("events")[start : start + 50]]


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get(request, referral_id: str):
    referral, _, _ = selectors.referral_page(request.user, referral_id)
    return referral_out(referral)


@router.post("/referrals/{referral_id}/actions", response=ReferralOut)
def act(request, referral_id: str, payload: ActionIn):
    referral = fetch.access_referral_by_id(request.user, referral_id)
    user = request.user
    if payload.action == "see":
        referral = referral_services.referral_see(actor=user, referral=referral)
    elif payload.action == "accept":
        referral = referral_services.referral_accept(
            actor=user, referral=referral, appointment_at=payload.appointment_at, note=payload.text
        )
    elif payload.action == "decline":
        suggested = (
            fetch.access_service_by_id(user, payload.service_id) if payload.service_id else None
        )
        referral = referral_services.referral_decline(
            actor=user,
            referral=referral,
            reason=payload.reason,
            text=payload.text,
            suggested_service=suggested,
        )
    elif payload.action == "redirect":
        if payload.service_id is None:
            raise AnsamError(fields={"service_id": [_("Required.")]})
        service = fetch.access_service_by_id(user, payload.service_id)
        referral_services.referral_redirect(
            actor=user, referral=referral, service=service, text=payload.text
        )
        referral = fetch.access_referral_by_id(user, referral_id)
    elif payload.action == "start":
        referral = referral_services.referral_start(actor=user, referral=referral)
    elif payload.action == "close":
        referral = referral_services.referral_close(
            actor=user, referral=referral, outcome=payload.outcome, text=payload.text
        )
    elif payload.action == "cancel":
        referral = referral_services.referral_cancel(actor=user, referral=referral)
    else:
        raise AnsamError(fields={"action": [_("Unknown action.")]})
    # After a redirection or a refusal, what the actor may still read of it.
    return referral_out(fetch.access_referral_by_id(user, referral.public_id))
