"""Invented people accompanied on the demo territory, with care teams across partners, sharing
bases and record entries, written through the same service functions as the pages."""

import random
from datetime import date, timedelta

from ansam.demo.catalogue import FIRST_NAMES, LAST_NAMES
from ansam.organisations.models import Membership, Service
from ansam.referrals import services as referrals
from ansam.sharing import services
from ansam.sharing.models import CareTeamMember
from ansam.sharing.sections import Section

NOTES = {
    Section.HOUSING: [
        ("Demande de logement social déposée", "Numéro unique obtenu ; dossier complet."),
        ("Impayés de loyer", "Trois mois d’impayés ; saisine du FSL envisagée avec la personne."),
        ("Hébergement au CHRS", "Entrée prévue lundi ; la personne apporte ses papiers."),
    ],
    Section.RIGHTS: [
        ("Ouverture des droits RSA", "Dossier CAF envoyé ; attente de la notification."),
        ("Domiciliation", "Domiciliation administrative faite au CCAS."),
    ],
    Section.EMPLOYMENT: [
        ("Inscription à France Travail", "Rendez-vous d’inscription fixé."),
        ("Projet de formation", "Souhaite une formation d’aide-soignante."),
    ],
    Section.INCOME: [
        ("Budget", "Reste à vivre très faible ; orientation vers le point conseil budget."),
    ],
    Section.FAMILY: [
        ("Garde des enfants", "Recherche d’un mode de garde pour reprendre un emploi."),
    ],
    Section.DAILY_LIFE: [
        ("Mobilité", "Pas de permis ; aide à la mobilité à étudier."),
    ],
}


def build_people(*, count: int, seed: int) -> int:
    rng = random.Random(seed)
    coordinator = Membership.objects.select_related("user", "organisation").get(
        user__email="coordinatrice@demo.ansam.test"
    )
    partners = list(
        Membership.objects.select_related("user", "organisation").filter(
            user__email__in=["travailleur@demo.ansam.test", "partenaire@demo.ansam.test"]
        )
    )
    created = 0
    for i in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 40 * 365))
        person = services.person_create(
            actor=coordinator.user,
            organisation=coordinator.organisation,
            data={
                "birth_name": last,
                "given_names": first,
                "birth_date": born,
                "commune": coordinator.organisation.commune,
            },
            basis=rng.choice(["informed", "informed", "consent"]),
            how=rng.choice(["orally", "signed_form"]),
            duplicates_checked=True,
        )
        for partner in rng.sample(partners, k=rng.randint(1, len(partners))):
            CareTeamMember.objects.create(
                person=person,
                organisation=partner.organisation,
                professional=partner.user,
                joined_how=CareTeamMember.JoinedHow.INVITED,
            )
        for section in rng.sample(list(NOTES), k=3):
            title, body = rng.choice(NOTES[section])
            services.entry_create(
                actor=coordinator.user,
                person=person,
                section=section,
                data={
                    "title": title,
                    "body": body,
                    "occurred_on": date.today() - timedelta(days=rng.randint(0, 200)),
                },
            )
        if i % 7 == 3:  # some people object to sharing part of their record
            services.basis_record(
                actor=coordinator.user,
                person=person,
                basis="objection",
                how="orally",
                section=Section.INCOME,
            )
        created += 1
        if i < 10:
            _demo_referral(rng, person, coordinator, i)
    return created


def _demo_referral(rng, person, coordinator, i):
    """Referrals in every state, so that inboxes and sent queues are not empty."""
    from django.utils import timezone

    ccas_worker = Membership.objects.select_related("user", "organisation").get(
        user__email="travailleur@demo.ansam.test"
    )
    target = (
        Service.objects.filter(organisation=ccas_worker.organisation).order_by("pk").first()
        if i % 2 == 0
        else Service.objects.filter(organisation__typology__in=["ML", "FT", "UDAF"]).order_by("pk")[
            i % 5
        ]
    )
    referral = referrals.referral_send(
        actor=coordinator.user,
        person=person,
        organisation=coordinator.organisation,
        service=target,
        need_words=rng.choice(NEEDS),
        reason="Orientation de démonstration.",
        sections=[Section.IDENTITY, Section.HOUSING],
        basis="consent",
        how="signed_form",
        accept_waiting_list=True,
    )
    receiver = ccas_worker.user if target.organisation_id == ccas_worker.organisation_id else None
    if receiver is None:
        receiver = (
            Membership.objects.filter(organisation=target.organisation, is_active=True)
            .order_by("pk")
            .first()
            .user
        )
    if i in (2, 3):
        referrals.referral_accept(
            actor=receiver, referral=referral, appointment_at=timezone.now() + timedelta(days=3)
        )
    elif i == 4:
        referrals.referral_decline(
            actor=receiver,
            referral=referral,
            reason="no_capacity",
            text="Liste d'attente de deux mois.",
        )


NEEDS = [
    "J'ai besoin d'un logement pour moi et mes enfants.",
    "Je voudrais trouver un travail, même à temps partiel.",
    "Je n'arrive plus à payer mes factures.",
    "Je voudrais de l'aide pour mes papiers.",
]
