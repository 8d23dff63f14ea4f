"""The sections of a person's record, and which kinds of organisation need which sections.

The defaults below are Ansam's reading of need-to-know; operators adjust them per typology in
the admin (NeedToKnowProfile), without a deployment."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    IDENTITY = "identity", _("Identity and contact")
    RIGHTS = "rights", _("Rights and administrative situation")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment and training")
    INCOME = "income", _("Income and budget")
    FAMILY = "family", _("Family and parenting")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    DAILY_LIFE = "daily_life", _("Daily life")


S = Section
GENERAL_SOCIAL = [S.IDENTITY, S.RIGHTS, S.HOUSING, S.EMPLOYMENT, S.INCOME, S.FAMILY, S.DAILY_LIFE]
HEALTH_TYPOLOGIES = {"CMP", "CSAPA", "CAARUD", "ETABL_PUB", "CPAM"}

DEFAULT_PROFILES: dict[str, list[str]] = {
    # Département and its territorial services: polyvalent social work and child protection.
    "CD": [*GENERAL_SOCIAL, S.JUSTICE, S.CHILD_PROTECTION],
    "MDS": [*GENERAL_SOCIAL, S.JUSTICE, S.CHILD_PROTECTION],
    "CDAS": [*GENERAL_SOCIAL, S.JUSTICE, S.CHILD_PROTECTION],
    "ASE": [S.IDENTITY, S.FAMILY, S.CHILD_PROTECTION, S.HOUSING, S.INCOME, S.DAILY_LIFE],
    "CCAS": [*GENERAL_SOCIAL],
    "CIAS": [*GENERAL_SOCIAL],
    "CAF": [S.IDENTITY, S.RIGHTS, S.INCOME, S.FAMILY, S.HOUSING],
    "CPAM": [S.IDENTITY, S.RIGHTS, S.HEALTH],
    "FT": [S.IDENTITY, S.RIGHTS, S.EMPLOYMENT, S.INCOME, S.DAILY_LIFE],
    "ML": [S.IDENTITY, S.RIGHTS, S.EMPLOYMENT, S.HOUSING, S.INCOME, S.DAILY_LIFE],
    "CAP_EMPLOI": [S.IDENTITY, S.RIGHTS, S.EMPLOYMENT, S.INCOME],
    # Housing: a landlord needs housing, income and identity, never health.
    "OIL": [S.IDENTITY, S.HOUSING, S.INCOME],
    "CHRS": [S.IDENTITY, S.RIGHTS, S.HOUSING, S.INCOME, S.EMPLOYMENT, S.FAMILY, S.DAILY_LIFE],
    "CHU": [S.IDENTITY, S.RIGHTS, S.HOUSING, S.DAILY_LIFE],
    "CADA": [S.IDENTITY, S.RIGHTS, S.HOUSING, S.FAMILY, S.DAILY_LIFE],
    "RS_FJT": [S.IDENTITY, S.HOUSING, S.INCOME, S.EMPLOYMENT],
    "PENSION": [S.IDENTITY, S.HOUSING, S.DAILY_LIFE],
    "CIDFF": [S.IDENTITY, S.RIGHTS, S.FAMILY, S.JUSTICE],
    "UDAF": [S.IDENTITY, S.RIGHTS, S.INCOME, S.FAMILY],
    "SPIP": [S.IDENTITY, S.JUSTICE, S.EMPLOYMENT, S.HOUSING],
    "PJJ": [S.IDENTITY, S.JUSTICE, S.FAMILY, S.CHILD_PROTECTION],
    # Health: health professionals, with the person's consent for the health section.
    "CMP": [S.IDENTITY, S.HEALTH, S.DAILY_LIFE],
    "CSAPA": [S.IDENTITY, S.HEALTH, S.DAILY_LIFE],
    "CAARUD": [S.IDENTITY, S.HEALTH, S.DAILY_LIFE],
    "ETABL_PUB": [S.IDENTITY, S.RIGHTS, S.HEALTH, S.HOUSING, S.DAILY_LIFE],
}
# Associations and every other kind: the general social sections, no health, no justice.
FALLBACK_PROFILE = [S.IDENTITY, S.RIGHTS, S.HOUSING, S.INCOME, S.DAILY_LIFE]

# The section a referral's content belongs to, from the need's data·inclusion thematique (its
# first part): the sender may choose another among those they may read.
THEMATIQUE_SECTIONS: dict[str, str] = {
    "choisir-un-metier": S.EMPLOYMENT,
    "creer-une-entreprise": S.EMPLOYMENT,
    "preparer-sa-candidature": S.EMPLOYMENT,
    "se-former": S.EMPLOYMENT,
    "trouver-un-emploi": S.EMPLOYMENT,
    "lecture-ecriture-calcul": S.EMPLOYMENT,
    "souvrir-a-linternational": S.EMPLOYMENT,
    "difficultes-administratives-ou-juridiques": S.RIGHTS,
    "difficultes-financieres": S.INCOME,
    "equipement-et-alimentation": S.DAILY_LIFE,
    "mobilite": S.DAILY_LIFE,
    "numerique": S.DAILY_LIFE,
    "remobilisation": S.DAILY_LIFE,
    "famille": S.FAMILY,
    "logement-hebergement": S.HOUSING,
    "sante": S.HEALTH,
}


def section_for_thematique(code: str) -> str:
    return str(THEMATIQUE_SECTIONS.get((code or "").split("--")[0], S.DAILY_LIFE))
