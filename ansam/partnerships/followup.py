"""What makes an agreement lived: its referral channels (a party's referral to a linked service
gets the agreed answer delay), its documents (the signed agreement, annexes), and its
evaluations at the review dates (indicators entered, and what Ansam counted)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import partnerships as policy
from ansam.access import rules
from ansam.accounts.models import User
from ansam.core.errors import AnsamError, Forbidden
from ansam.organisations.models import Organisation, Service
from ansam.partnerships.models import Agreement, Channel, Document, Evaluation
from ansam.partnerships.selectors import activity
from ansam.partnerships.services import INVALID
from ansam.sharing.services import check_upload


@transaction.atomic
def channel_add(
    *, actor: User, agreement: Agreement, service: Service, answer_days: int
) -> Channel:
    """A party links one of its services, while the agreement is drafted (the parties accept
    the delay with the rest)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not policy.can_edit(actor, agreement):
        raise Forbidden(_("The parties' managers change a draft, before it is proposed."))
    party_orgs = {p.organisation_id for p in agreement.parties.all()}
    if service.organisation_id not in party_orgs:
        raise AnsamError(INVALID, fields={"service": [_("A service of one of the parties.")]})
    if not 1 <= answer_days <= 90:
        raise AnsamError(INVALID, fields={"answer_days": [_("Between 1 and 90 days.")]})
    channel, _created = Channel.objects.update_or_create(
        agreement=agreement, service=service, defaults={"answer_days": answer_days}
    )
    return channel


def agreed_answer_days(
    sender: Organisation, service: Service, on: date | None = None
) -> int | None:
    """The answer delay agreed for a referral from this organisation to this service, if an
    agreement in force binds them (the shortest, if several do)."""
    on = on or timezone.localdate()
    days = Channel.objects.filter(
        service=service,
        agreement__in_force_amendment__isnull=False,
        agreement__status__in=[
            Agreement.Status.IN_FORCE,
            Agreement.Status.DRAFT,
            Agreement.Status.PROPOSED,
            Agreement.Status.DECLINED,
        ],
        agreement__starts_on__lte=on,
        agreement__ends_on__gte=on,
        agreement__parties__organisation=sender,
        agreement__parties__withdrawn_on__isnull=True,
    ).values_list("answer_days", flat=True)
    return min(days, default=None)


@transaction.atomic
def document_add(*, actor: User, agreement: Agreement, kind: str, upload) -> Document:
    if not policy.is_party_member(actor, agreement):
        raise Forbidden(_("The parties add the agreement's documents."))
    if kind not in Document.Kind.values:
        raise AnsamError(INVALID, fields={"kind": [_("Signed agreement or annex.")]})
    if upload is None:
        raise AnsamError(INVALID, fields={"file": [_("Required.")]})
    name, file_type, _size = check_upload(upload)
    return Document.objects.create(
        agreement=agreement,
        kind=kind,
        file=upload,
        name=name[:200],
        file_type=file_type,
        added_by=actor,
    )


@transaction.atomic
def evaluation_record(
    *, actor: User, agreement: Agreement, values: dict[str, str], note: str = ""
) -> Evaluation:
    agreement = Agreement.objects.get(pk=agreement.pk)
    if agreement.in_force_amendment is None or not any(
        rules.can_manage_organisation(actor, p.organisation) for p in agreement.parties.all()
    ):
        raise Forbidden(_("The parties' managers evaluate an agreement in force."))
    known = {i.name for i in agreement.indicators.all()}
    kept = {k: v.strip()[:200] for k, v in values.items() if k in known and v.strip()}
    if not kept and not note.strip():
        raise AnsamError(INVALID, fields={"values": [_("Enter an indicator or a note.")]})
    return Evaluation.objects.create(
        agreement=agreement,
        on=timezone.localdate(),
        values=kept,
        activity=activity(agreement),
        note=note.strip(),
        by=actor,
    )
