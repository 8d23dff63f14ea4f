"""The life of a partnership agreement: drafted together by the parties' managers, proposed
(frozen, with its hash), in force only once every party asked has accepted; amended by
numbered amendments that ask again only the parties whose missions or contributions changed
(all of them when the general terms change); renewal alert six months before the end; expiry;
a party's withdrawal with notice."""

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import partnerships as policy
from ansam.access import rules
from ansam.accounts.models import User
from ansam.core import links
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.organisations.models import Organisation
from ansam.partnerships.models import Agreement, Answer, Contribution, Indicator, Party, Version

INVALID = _("Some fields are not valid.")
RENEWAL_NOTICE = timedelta(days=183)  # six months, as a CPOM's renewal is prepared


def _clean(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    for name in ("title", "purpose"):
        if not (data.get(name) or "").strip():
            errors[name] = [_("Required.")]
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, date):
        errors["starts_on"] = [_("Required.")]
    if not isinstance(ends, date):
        errors["ends_on"] = [_("Required.")]
    if isinstance(starts, date) and isinstance(ends, date) and ends <= starts:
        errors["ends_on"] = [_("The end comes after the start.")]
    review = data.get("review_on")
    if review and isinstance(starts, date) and isinstance(ends, date):
        if not starts <= review <= ends:
            errors["review_on"] = [_("The review date falls within the agreement.")]
    if errors:
        raise AnsamError(INVALID, fields=errors)
    return {
        "title": data["title"].strip()[:200],
        "purpose": data["purpose"].strip(),
        "territory": (data.get("territory") or "").strip()[:200],
        "starts_on": starts,
        "ends_on": ends,
        "review_on": review or None,
    }


def _parties(agreement: Agreement) -> list[Party]:
    return list(agreement.parties.select_related("organisation", "signatory"))


@transaction.atomic
def agreement_create(
    *, actor: User, organisation: Organisation, partners: list[Organisation], data: dict
) -> Agreement:
    """Drafted by a manager of one party, with the others named; the draft is theirs too."""
    if not rules.can_manage_organisation(actor, organisation):
        raise NotFound()
    others = [o for o in dict.fromkeys(partners) if o.pk != organisation.pk]
    if not others:
        raise AnsamError(
            _("An agreement binds two parties or more: name the partners."),
            fields={"partners": [_("Required.")]},
        )
    agreement = Agreement.objects.create(created_by=actor, **_clean(data))
    Party.objects.bulk_create(
        [
            Party(agreement=agreement, organisation=org, order=i)
            for i, org in enumerate([organisation, *others])
        ]
    )
    _tell(agreement, actor, _("You are party to a draft agreement: %s") % agreement.title)
    return agreement


def _editable(actor: User, agreement: Agreement) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not policy.can_edit(actor, agreement):
        raise Forbidden(_("The parties' managers change a draft, before it is proposed."))
    return agreement


@transaction.atomic
def agreement_update(*, actor: User, agreement: Agreement, data: dict) -> Agreement:
    agreement = _editable(actor, agreement)
    for key, value in _clean(data).items():
        setattr(agreement, key, value)
    agreement.save()
    return agreement


def parse_contributions(text: str) -> list[dict]:
    """One contribution a line: kind; amount; unit; description ("money; 15000; euros; …")."""
    kinds = {str(label).lower(): k for k, label in Contribution.Kind.choices} | {
        k: k for k in Contribution.Kind.values
    }
    units = {str(label).lower(): u for u, label in Contribution.Unit.choices} | {
        u: u for u in Contribution.Unit.values
    }
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")] + ["", "", ""]
        kind = kinds.get(parts[0].lower())
        amount = None
        if parts[1]:
            try:
                amount = Decimal(parts[1].replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                amount = Decimal(-1)
        unit = units.get(parts[2].lower(), None if parts[2] else "")
        if kind is None or unit is None or (amount is not None and amount < 0):
            errors.append(_("Line %(n)s: kind; amount; unit; description.") % {"n": number})
            continue
        rows.append({"kind": kind, "amount": amount, "unit": unit, "description": parts[3][:300]})
    if errors:
        raise AnsamError(INVALID, fields={"contributions": errors})
    return rows


@transaction.atomic
def party_update(
    *,
    actor: User,
    party: Party,
    missions: str,
    contributions: list[dict],
    contact_name: str = "",
    contact_email: str = "",
    signatory: User | None = None,
) -> Party:
    _editable(actor, party.agreement)
    if signatory is not None and not rules.is_member(signatory, party.organisation):
        raise AnsamError(INVALID, fields={"signatory": [_("Not a member of this party.")]})
    party.missions = missions.strip()
    party.contact_name = contact_name.strip()[:200]
    party.contact_email = contact_email.strip()[:254]
    party.signatory = signatory
    party.save()
    party.contributions.all().delete()
    Contribution.objects.bulk_create([Contribution(party=party, **row) for row in contributions])
    return party


@transaction.atomic
def indicator_add(*, actor: User, agreement: Agreement, data: dict) -> Indicator:
    agreement = _editable(actor, agreement)
    if not (data.get("name") or "").strip():
        raise AnsamError(INVALID, fields={"name": [_("Required.")]})
    return Indicator.objects.create(
        agreement=agreement,
        **{k: (data.get(k) or "").strip()[:300] for k in ("name", "how", "baseline", "target")},
    )


def content_of(agreement: Agreement) -> dict:
    """What the parties accept: every term, each party's missions and contributions in the
    parties' order (never sorted, never totalled across kinds)."""
    return {
        "title": agreement.title,
        "purpose": agreement.purpose,
        "territory": agreement.territory,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "review_on": agreement.review_on.isoformat() if agreement.review_on else "",
        "parties": [
            {
                "id": p.pk,
                "organisation": p.organisation.name,
                "missions": p.missions,
                "contributions": [
                    {
                        "kind": c.kind,
                        "amount": str(c.amount) if c.amount is not None else "",
                        "unit": c.unit,
                        "description": c.description,
                    }
                    for c in p.contributions.all()
                ],
            }
            for p in _parties(agreement)
            if p.withdrawn_on is None
        ],
        "indicators": [
            {"name": i.name, "how": i.how, "baseline": i.baseline, "target": i.target}
            for i in agreement.indicators.all()
        ],
        "channels": [
            {"service": c.service.name, "answer_days": c.answer_days}
            for c in agreement.channels.select_related("service").order_by("pk")
        ],
    }


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _general(content: dict) -> dict:
    return {k: v for k, v in content.items() if k != "parties"}


@transaction.atomic
def agreement_propose(*, actor: User, agreement: Agreement) -> Version:
    agreement = _editable(actor, agreement)
    parties = [p for p in _parties(agreement) if p.withdrawn_on is None]
    if len(parties) < 2:
        raise AnsamError(_("An agreement binds two parties or more."))
    missing = [p.organisation.name for p in parties if not policy.signatories(p)]
    if missing:
        raise AnsamError(
            _("No one can answer for: %s. Name a signatory, or give the organisation a manager.")
            % ", ".join(missing)
        )
    empty = [p.organisation.name for p in parties if not p.missions.strip()]
    if empty:
        raise AnsamError(
            _("Each party says what it will do. Missions missing for: %s") % ", ".join(empty)
        )
    content = content_of(agreement)
    asked = [p.pk for p in parties]
    if agreement.in_force_amendment is not None:
        before = Version.objects.get(agreement=agreement, number=agreement.in_force_amendment)
        if _general(before.content) == _general(content):
            previous = {p["id"]: p for p in before.content["parties"]}
            asked = [p["id"] for p in content["parties"] if previous.get(p["id"]) != p]
        if not asked:
            raise AnsamError(_("Nothing changed since the version in force."))
    number = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    version = Version.objects.create(
        agreement=agreement,
        number=0 if number is None else number + 1,
        content=content,
        content_hash=_hash(content),
        asked=asked,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    agreement.status = Agreement.Status.PROPOSED
    agreement.amendment = version.number
    agreement.save(update_fields=["status", "amendment", "updated_at"])
    for party in parties:
        if party.pk in asked:
            notify(
                policy.signatories(party),
                _("An agreement awaits your organisation's answer: %s") % agreement.title,
                links.agreement(agreement.public_id),
            )
    return version


def pending(agreement: Agreement) -> Version | None:
    if agreement.status != Agreement.Status.PROPOSED:
        return None
    return agreement.versions.filter(number=agreement.amendment).first()


@transaction.atomic
def agreement_answer(
    *,
    actor: User,
    agreement: Agreement,
    party: Party,
    decision: str,
    shown_hash: str,
    reason: str = "",
) -> Agreement:
    """A party's signatory accepts or declines the version shown to them (its hash must be the
    one proposed). In force once every party asked has accepted; a decline with its reason
    sends the draft back to the parties."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version = pending(agreement)
    if version is None or party.agreement_id != agreement.pk or party.pk not in version.asked:
        raise NotFound()
    if not policy.can_answer_for(actor, party):
        raise Forbidden(_("Only the party's signatory answers for it."))
    if shown_hash != version.content_hash:
        raise Conflict(_("The agreement changed since you read it: read it again."))
    if decision not in Answer.Decision.values:
        raise AnsamError(INVALID, fields={"decision": [_("Accept or decline.")]})
    if decision == Answer.Decision.DECLINED and not reason.strip():
        raise AnsamError(INVALID, fields={"reason": [_("Say why, so that the parties can amend.")]})
    if Answer.objects.filter(version=version, party=party).exists():
        raise Conflict(_("Your organisation has already answered this version."))
    Answer.objects.create(
        version=version,
        party=party,
        decision=decision,
        reason=reason.strip(),
        by=actor,
        at=timezone.now(),
        shown_hash=shown_hash,
    )
    if decision == Answer.Decision.DECLINED:
        agreement.status = Agreement.Status.DECLINED
        agreement.save(update_fields=["status", "updated_at"])
        _tell(agreement, actor, _("A party declined the agreement: %s") % agreement.title)
        return agreement
    accepted = set(
        version.answers.filter(decision=Answer.Decision.ACCEPTED).values_list("party_id", flat=True)
    )
    if accepted >= set(version.asked):
        agreement.status = Agreement.Status.IN_FORCE
        agreement.in_force_amendment = version.number
        agreement.in_force_since = agreement.in_force_since or timezone.now()
        agreement.save()
        _tell(agreement, None, _("The agreement is in force: %s") % agreement.title)
    return agreement


@transaction.atomic
def agreement_amend(*, actor: User, agreement: Agreement) -> Agreement:
    """Open an amendment of the agreement in force: the version in force still applies until
    the amendment is accepted."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Agreement.Status.IN_FORCE or not policy.is_party_manager(
        actor, agreement
    ):
        raise AnsamError(_("Only an agreement in force is amended, by a party's manager."))
    agreement.status = Agreement.Status.DRAFT
    agreement.save(update_fields=["status", "updated_at"])
    return agreement


@transaction.atomic
def party_withdraw(*, actor: User, party: Party, on: date, reason: str) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    if agreement.in_force_amendment is None or agreement.status in (
        Agreement.Status.EXPIRED,
        Agreement.Status.ENDED,
    ):
        raise AnsamError(_("Only a party to an agreement in force withdraws from it."))
    if not rules.can_manage_organisation(actor, party.organisation):
        raise Forbidden(_("A party's manager withdraws it."))
    if on < timezone.localdate():
        raise AnsamError(INVALID, fields={"on": [_("The notice ends today or later.")]})
    if not reason.strip():
        raise AnsamError(INVALID, fields={"reason": [_("Required.")]})
    party.withdrawn_on = on
    party.save(update_fields=["withdrawn_on", "updated_at"])
    remaining = [p for p in _parties(agreement) if p.withdrawn_on is None]
    if len(remaining) < 2:
        agreement.status = Agreement.Status.ENDED
        agreement.ended_on = on
        agreement.ended_reason = reason.strip()
        agreement.save()
    _tell(
        agreement,
        actor,
        _("%(org)s withdraws from the agreement %(title)s on %(date)s.")
        % {
            "org": party.organisation.name,
            "title": agreement.title,
            "date": on.strftime("%d/%m/%Y"),
        },
    )
    return agreement


def _tell(agreement: Agreement, actor: User | None, text: str) -> None:
    users = {
        u
        for party in _parties(agreement)
        for u in policy.signatories(party)
        if actor is None or u.pk != actor.pk
    }
    notify(users, text, links.agreement(agreement.public_id))


def daily(today: date | None = None) -> dict:
    """Renewal alerts six months before the end, and expiry after it."""
    today = today or timezone.localdate()
    alerted = 0
    due = Agreement.objects.filter(
        in_force_amendment__isnull=False,
        status__in=[Agreement.Status.IN_FORCE, Agreement.Status.DRAFT, Agreement.Status.PROPOSED],
        renewal_alerted_at=None,
        ends_on__lte=today + RENEWAL_NOTICE,
        ends_on__gte=today,
    )
    for agreement in due:
        _tell(
            agreement,
            None,
            _("The agreement %(title)s ends on %(date)s: prepare its renewal.")
            % {"title": agreement.title, "date": agreement.ends_on.strftime("%d/%m/%Y")},
        )
        Agreement.objects.filter(pk=agreement.pk).update(renewal_alerted_at=timezone.now())
        alerted += 1
    expired = Agreement.objects.filter(in_force_amendment__isnull=False, ends_on__lt=today).exclude(
        status__in=[Agreement.Status.EXPIRED, Agreement.Status.ENDED]
    )
    count = expired.update(status=Agreement.Status.EXPIRED)
    return {"alerted": alerted, "expired": count}
