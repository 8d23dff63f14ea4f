"""What a French territory's social network is made of: kinds of organisations, with the
real-world kinds of services each offers (data·inclusion v1 codes). Used by the demo
territory generator; names are invented, kinds and services are realistic."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    summary: str
    thematiques: tuple[str, ...]
    publics: tuple[str, ...] = ("tous-publics",)
    types: tuple[str, ...] = ("accompagnement",)
    modes: tuple[str, ...] = ("en-presentiel",)
    referral: tuple[str, ...] = ("telephoner", "envoyer-un-courriel")
    by: tuple[str, ...] = ("professionnels", "usagers")
    fees: str = "gratuit"
    prerequisites: str = ""
    documents: str = ""
    area: str = "commune"  # commune | epci | departement


@dataclass(frozen=True)
class OrgKind:
    key: str
    typology: str
    name: str  # {commune} and {dep} are filled in
    description: str
    services: tuple[ServiceSpec, ...]
    per: str = "commune"  # "departement": one; "commune": several, in the larger communes
    min_population: int = 0
    weight: float = 1.0  # how many per commune, relative, for the departement size
    networks: tuple[str, ...] = field(default=())
    # Marked by the territory: its professionals may open an emergency access (break-glass).
    emergency_actor: bool = False


ID_DOCS = "Pièce d’identité ou titre de séjour ; justificatif de domicile ou de domiciliation"

CATALOGUE: tuple[OrgKind, ...] = (
    OrgKind(
        "cd",
        "CD",
        "Conseil départemental – {dep}",
        "Le Département pilote l’action sociale, la protection de l’enfance, la PMI et le RSA.",
        (
            ServiceSpec(
                "Aide sociale à l’enfance – accueil et accompagnement des familles",
                "Évaluation des informations préoccupantes, aide éducative à domicile, accueil.",
                (
                    "famille--soutien-a-la-parentalite-et-a-leducation",
                    "famille--surmonter-conflits-separation-violence",
                ),
                ("familles", "jeunes"),
                area="departement",
                by=("professionnels",),
            ),
            ServiceSpec(
                "Protection maternelle et infantile (PMI)",
                "Consultations prénatales et pour les enfants de moins de 6 ans, gratuites.",
                ("sante--acces-aux-soins", "famille--soutien-a-la-parentalite-et-a-leducation"),
                ("familles", "femmes"),
                area="departement",
            ),
            ServiceSpec(
                "Accompagnement des bénéficiaires du RSA",
                "Référent unique, contrat d’engagements réciproques, levée des freins.",
                (
                    "trouver-un-emploi--maintien-dans-lemploi",
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                ),
                ("beneficiaires-des-minimas-sociaux",),
                area="departement",
                by=("professionnels",),
            ),
            ServiceSpec(
                "Fonds de solidarité logement (FSL)",
                "Aide financière pour entrer dans un logement ou s’y maintenir (impayés, énergie).",
                (
                    "logement-hebergement--reduire-les-impayes-de-loyer",
                    "logement-hebergement--se-maintenir-dans-le-logement",
                ),
                types=("aide-financiere",),
                area="departement",
                by=("professionnels",),
                documents="Avis d’imposition ; quittances ; justificatif des dettes",
            ),
        ),
        per="departement",
    ),
    OrgKind(
        "mds",
        "MDS",
        "Maison départementale des solidarités de {commune}",
        "Service social départemental de proximité : accueil, évaluation, accompagnement.",
        (
            ServiceSpec(
                "Accueil social et accompagnement global",
                "Un·e assistant·e social·e vous reçoit pour faire le point sur votre situation.",
                (
                    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                    "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                ),
                area="epci",
            ),
            ServiceSpec(
                "Accompagnement social lié au logement",
                "Aide à l’accès ou au maintien dans le logement, prévention des expulsions.",
                (
                    "logement-hebergement--se-maintenir-dans-le-logement",
                    "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
                ),
                area="epci",
            ),
        ),
        min_population=8000,
        weight=0.3,
    ),
    OrgKind(
        "ccas",
        "CCAS",
        "CCAS de {commune}",
        "Centre communal d’action sociale : aides facultatives, domiciliation, accueil.",
        (
            ServiceSpec(
                "Domiciliation administrative",
                "Une adresse pour recevoir son courrier et faire valoir ses droits.",
                (
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                ),
                ("personnes-en-situation-durgence",),
                types=("accompagnement",),
                documents=ID_DOCS,
            ),
            ServiceSpec(
                "Aides financières facultatives",
                "Secours ponctuel pour l’alimentation, l’énergie ou une dépense imprévue.",
                (
                    "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                    "equipement-et-alimentation--alimentation",
                ),
                types=("aide-financiere",),
                by=("professionnels",),
                documents="Justificatifs de ressources et de charges",
            ),
            ServiceSpec(
                "Épicerie sociale",
                "Produits alimentaires et d’hygiène à petit prix, sur orientation.",
                ("equipement-et-alimentation--alimentation",),
                ("beneficiaires-des-minimas-sociaux", "familles"),
                types=("aide-materielle",),
                fees="payant",
                by=("professionnels",),
            ),
        ),
        min_population=1500,
        weight=1.0,
    ),
    OrgKind(
        "caf",
        "CAF",
        "Caisse d’allocations familiales – {dep}",
        "Prestations familiales, aides au logement, RSA, accompagnement des familles.",
        (
            ServiceSpec(
                "Rendez-vous des droits",
                "Un examen complet des droits aux prestations sociales.",
                (
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                ),
                types=("information",),
                area="departement",
            ),
            ServiceSpec(
                "Accompagnement des familles en difficulté (séparation, deuil)",
                "Travailleurs sociaux de la CAF pour les familles qui traversent un événement.",
                ("famille--surmonter-conflits-separation-violence",),
                ("familles",),
                area="departement",
            ),
        ),
        per="departement",
    ),
    OrgKind(
        "cpam",
        "CPAM",
        "CPAM – accueil de {commune}",
        "Assurance maladie : ouverture des droits, complémentaire santé solidaire.",
        (
            ServiceSpec(
                "Accès aux droits santé et complémentaire santé solidaire",
                "Aide pour ouvrir ses droits à l’assurance maladie et à la C2S.",
                (
                    "sante--acces-aux-soins",
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                ),
                area="epci",
                documents=ID_DOCS,
            ),
        ),
        min_population=20000,
        weight=0.2,
    ),
    OrgKind(
        "ft",
        "FT",
        "France Travail {commune}",
        "Inscription, indemnisation et accompagnement vers l’emploi.",
        (
            ServiceSpec(
                "Accompagnement intensif vers l’emploi",
                "Un conseiller dédié pour un retour rapide à l’emploi.",
                (
                    "trouver-un-emploi--repondre-a-des-offres-demploi",
                    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                ),
                ("demandeurs-emploi",),
                area="epci",
            ),
            ServiceSpec(
                "Aide à la mobilité",
                "Prise en charge de frais de déplacement pour un entretien ou une formation.",
                ("mobilite--financer-ma-mobilite",),
                ("demandeurs-emploi",),
                types=("aide-financiere",),
                area="epci",
            ),
        ),
        min_population=15000,
        weight=0.3,
    ),
    OrgKind(
        "ml",
        "ML",
        "Mission locale de {commune}",
        "Accompagnement des jeunes de 16 à 25 ans : emploi, formation, logement, santé.",
        (
            ServiceSpec(
                "Contrat d’engagement jeune",
                "Un accompagnement intensif de 15 à 20 heures par semaine avec une allocation.",
                (
                    "choisir-un-metier--confirmer-son-choix-de-metier",
                    "se-former--trouver-sa-formation",
                ),
                ("jeunes",),
                area="epci",
                prerequisites="Avoir entre 16 et 25 ans (29 ans si RQTH)",
            ),
            ServiceSpec(
                "Logement des jeunes",
                "Aide à la recherche d’un logement ou d’un foyer de jeunes travailleurs.",
                ("logement-hebergement--louer-un-logement",),
                ("jeunes",),
                area="epci",
            ),
        ),
        min_population=15000,
        weight=0.3,
    ),
    OrgKind(
        "bailleur",
        "Autre",
        "{name} Habitat – agence de {commune}",
        "Bailleur social : attribution et gestion de logements sociaux.",
        (
            ServiceSpec(
                "Accompagnement des locataires en impayés",
                "Plan d’apurement, orientation vers le FSL, prévention des expulsions.",
                ("logement-hebergement--reduire-les-impayes-de-loyer",),
                area="epci",
                by=("professionnels",),
            ),
            ServiceSpec(
                "Demande de logement social",
                "Aide pour déposer ou renouveler une demande de logement social.",
                ("logement-hebergement--louer-un-logement",),
                types=("information",),
                area="epci",
            ),
        ),
        min_population=10000,
        weight=0.4,
    ),
    OrgKind(
        "chrs",
        "CHRS",
        "CHRS {name}",
        "Centre d’hébergement et de réinsertion sociale.",
        (
            ServiceSpec(
                "Hébergement d’urgence",
                "Mise à l’abri immédiate, orientée par le 115 – SIAO.",
                ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
                ("personnes-en-situation-durgence",),
                types=("aide-materielle",),
                referral=("telephoner",),
                by=("professionnels",),
                area="departement",
            ),
            ServiceSpec(
                "Hébergement d’insertion et accompagnement social",
                "Hébergement de quelques mois avec un accompagnement vers le logement.",
                (
                    "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
                    "logement-hebergement--louer-un-logement",
                ),
                ("personnes-en-situation-durgence",),
                by=("professionnels",),
                area="departement",
            ),
        ),
        min_population=20000,
        weight=0.3,
        networks=("federation-des-acteurs-de-la-solidarite",),
    ),
    OrgKind(
        "siao",
        "Autre",
        "SIAO – 115 {dep}",
        "Service intégré d’accueil et d’orientation : le 115 et l’orientation vers l’hébergement.",
        (
            ServiceSpec(
                "115 – Hébergement d’urgence",
                "Numéro gratuit, 24 h/24, pour les personnes sans abri.",
                ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
                ("personnes-en-situation-durgence",),
                modes=("a-distance",),
                referral=("telephoner",),
                area="departement",
            ),
        ),
        per="departement",
        networks=("siao",),
        emergency_actor=True,
    ),
    OrgKind(
        "food",
        "ASSO",
        "{food} – {commune}",
        "Association d’aide alimentaire et d’entraide.",
        (
            ServiceSpec(
                "Distribution alimentaire",
                "Colis ou repas, sur inscription.",
                ("equipement-et-alimentation--alimentation",),
                types=("aide-materielle",),
                referral=("se-presenter",),
            ),
            ServiceSpec(
                "Vestiaire solidaire",
                "Vêtements à petit prix ou gratuits.",
                ("equipement-et-alimentation--habillement",),
                types=("aide-materielle",),
                referral=("se-presenter",),
            ),
        ),
        min_population=3000,
        weight=0.6,
    ),
    OrgKind(
        "cidff",
        "CIDFF",
        "CIDFF {dep}",
        "Information juridique et accompagnement des femmes et des familles.",
        (
            ServiceSpec(
                "Accompagnement des femmes victimes de violences",
                "Écoute, information juridique, accompagnement dans les démarches.",
                (
                    "famille--surmonter-conflits-separation-violence",
                    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
                ),
                ("femmes",),
                area="departement",
            ),
        ),
        per="departement",
    ),
    OrgKind(
        "csapa",
        "CSAPA",
        "CSAPA {name} – {commune}",
        "Soins, accompagnement et prévention en addictologie.",
        (
            ServiceSpec(
                "Consultations en addictologie",
                "Alcool, tabac, drogues, jeux : soins et accompagnement, anonymes et gratuits.",
                ("sante--addictions",),
                area="epci",
            ),
        ),
        min_population=25000,
        weight=0.15,
    ),
    OrgKind(
        "cmp",
        "CMP",
        "Centre médico-psychologique de {commune}",
        "Consultations de santé mentale de secteur.",
        (
            ServiceSpec(
                "Consultations de santé mentale",
                "Psychiatres, psychologues et infirmiers ; sur rendez-vous.",
                ("sante--sante-mentale",),
                area="epci",
                by=("professionnels", "usagers"),
            ),
        ),
        min_population=20000,
        weight=0.2,
    ),
    OrgKind(
        "hospital",
        "ETABL_PUB",
        "Centre hospitalier de {commune} – service social",
        "Service social hospitalier et permanence d’accès aux soins de santé (PASS).",
        (
            ServiceSpec(
                "Permanence d’accès aux soins de santé (PASS)",
                "Soins pour les personnes sans couverture maladie, et aide à ouvrir les droits.",
                ("sante--acces-aux-soins",),
                ("personnes-en-situation-durgence",),
                area="departement",
            ),
            ServiceSpec(
                "Service social hospitalier",
                "Préparer la sortie d’hospitalisation : droits, logement, aide à domicile.",
                ("sante--acces-aux-soins", "famille--prise-en-charge-personne-dependante"),
                area="departement",
                by=("professionnels",),
            ),
        ),
        min_population=30000,
        weight=0.1,
        emergency_actor=True,
    ),
    OrgKind(
        "udaf",
        "UDAF",
        "UDAF {dep}",
        "Union départementale des associations familiales : protection des majeurs, budget.",
        (
            ServiceSpec(
                "Point conseil budget",
                "Conseils gratuits et confidentiels pour gérer son budget et éviter l’endettement.",
                (
                    "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                    "difficultes-financieres--situation-dendettement-surendettement",
                ),
                area="departement",
            ),
            ServiceSpec(
                "Mesures de protection des majeurs",
                "Curatelle, tutelle, mesure d’accompagnement social personnalisé.",
                ("difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere",),
                area="departement",
                by=("professionnels",),
            ),
        ),
        per="departement",
        networks=("points-conseil-budget",),
    ),
    OrgKind(
        "cs",
        "CS",
        "Centre social {name} – {commune}",
        "Lieu d’animation de la vie sociale : ateliers, accès au numérique, familles.",
        (
            ServiceSpec(
                "Accompagnement au numérique",
                "Ateliers et aide pour les démarches en ligne.",
                (
                    "numerique--acceder-a-des-services-en-ligne",
                    "numerique--maitriser-les-fondamentaux-du-numerique",
                ),
                types=("atelier",),
                referral=("se-presenter", "telephoner"),
            ),
            ServiceSpec(
                "Ateliers français langue étrangère",
                "Apprendre le français à l’oral et à l’écrit, en petits groupes.",
                ("lecture-ecriture-calcul--maitriser-le-francais",),
                ("personnes-exilees",),
                types=("atelier",),
            ),
        ),
        min_population=5000,
        weight=0.5,
    ),
)

ASSOCIATION_NAMES = (
    "Les Amarres",
    "Le Phare",
    "L’Escale",
    "La Passerelle",
    "Horizons",
    "Le Relais",
    "L’Étape",
    "Trait d’Union",
    "La Boussole",
    "Les Alizés",
    "Le Fil",
    "Cap Solidaire",
)
FOOD_NETWORKS = ("Restos du cœur", "Secours populaire", "Banque alimentaire", "Épicerie solidaire")
LANDLORDS = ("Atlantique", "Estuaire", "Loire", "Océan", "Vallée")
FIRST_NAMES = (
    "Camille",
    "Nadia",
    "Thomas",
    "Inès",
    "Julien",
    "Fatou",
    "Léa",
    "Karim",
    "Sophie",
    "Hugo",
    "Aïcha",
    "Marc",
    "Chloé",
    "Yanis",
    "Élodie",
    "Mathieu",
    "Sarah",
    "Rachid",
    "Manon",
    "Louis",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Diallo",
    "Petit",
    "Nguyen",
    "Moreau",
    "Benali",
    "Lefèvre",
    "Garnier",
    "Rousseau",
    "Traoré",
    "Fontaine",
    "Chevalier",
    "Da Silva",
    "Gauthier",
    "Mercier",
    "Robin",
)
