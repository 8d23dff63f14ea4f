"""The labels of the data·inclusion vocabularies, marked for translation (context
"data-inclusion"): the package gives them in French only. Regenerate after upgrading
data-inclusion-schema with the list `python -m ansam.organisations.taxonomy_labels` prints;
tests/organisations/test_taxonomy_labels.py fails while this list and the package differ."""

from django.utils.translation import pgettext_lazy

CONTEXT = "data-inclusion"

LABELS = [
    pgettext_lazy("data-inclusion", "Choisir un métier"),
    pgettext_lazy("data-inclusion", "Créer une entreprise"),
    pgettext_lazy("data-inclusion", "Difficultés administratives ou juridiques"),
    pgettext_lazy("data-inclusion", "Difficultés financières"),
    pgettext_lazy("data-inclusion", "Équipement et alimentation"),
    pgettext_lazy("data-inclusion", "Famille"),
    pgettext_lazy("data-inclusion", "Lecture, écriture et calcul"),
    pgettext_lazy("data-inclusion", "Logement et hébergement"),
    pgettext_lazy("data-inclusion", "Mobilité"),
    pgettext_lazy("data-inclusion", "Numérique"),
    pgettext_lazy("data-inclusion", "Préparer sa candidature"),
    pgettext_lazy("data-inclusion", "Remobilisation"),
    pgettext_lazy("data-inclusion", "Santé"),
    pgettext_lazy("data-inclusion", "Se former"),
    pgettext_lazy("data-inclusion", "S’ouvrir à l’international"),
    pgettext_lazy("data-inclusion", "Trouver un emploi"),
    pgettext_lazy("data-inclusion", "Confirmer son choix de métier"),
    pgettext_lazy("data-inclusion", "Connaître les opportunités d’emploi"),
    pgettext_lazy("data-inclusion", "Découvrir un métier ou un secteur d’activité"),
    pgettext_lazy("data-inclusion", "Identifier ses points forts et ses compétences"),
    pgettext_lazy("data-inclusion", "Définir son projet de création d’entreprise"),
    pgettext_lazy("data-inclusion", "Développer son entreprise"),
    pgettext_lazy("data-inclusion", "Structurer son projet de création d’entreprise"),
    pgettext_lazy("data-inclusion", "Accompagnement aux démarches administratives"),
    pgettext_lazy("data-inclusion", "Accompagnement pour l’accès à la citoyenneté"),
    pgettext_lazy("data-inclusion", "Accompagnement pour l’accès aux droits"),
    pgettext_lazy("data-inclusion", "Bénéficier d’une mesure d’accompagnement adapté"),
    pgettext_lazy("data-inclusion", "Connaître ses droits face à une discrimination"),
    pgettext_lazy("data-inclusion", "Prendre en compte une problématique judiciaire"),
    pgettext_lazy("data-inclusion", "Acquérir une autonomie budgétaire"),
    pgettext_lazy("data-inclusion", "Améliorer sa gestion budgétaire"),
    pgettext_lazy("data-inclusion", "Mettre en place une mesure de protection financière"),
    pgettext_lazy("data-inclusion", "Prévenir une dégradation de la situation financière"),
    pgettext_lazy("data-inclusion", "Situation d’endettement ou de surendettement"),
    pgettext_lazy("data-inclusion", "Aide ménagère"),
    pgettext_lazy("data-inclusion", "Alimentation"),
    pgettext_lazy("data-inclusion", "Électroménager"),
    pgettext_lazy("data-inclusion", "Habillement"),
    pgettext_lazy("data-inclusion", "Garde d’enfants"),
    pgettext_lazy("data-inclusion", "Prise en charge d’une personne dépendante"),
    pgettext_lazy("data-inclusion", "Soutien à la parentalité et à l’éducation"),
    pgettext_lazy("data-inclusion", "Soutien aux aidants"),
    pgettext_lazy("data-inclusion", "Surmonter les conflits liés à la séparation ou à la violence"),
    pgettext_lazy("data-inclusion", "Maîtriser le calcul"),
    pgettext_lazy("data-inclusion", "Maîtriser le français"),
    pgettext_lazy("data-inclusion", "Acheter un logement"),
    pgettext_lazy("data-inclusion", "Changer de logement"),
    pgettext_lazy("data-inclusion", "Louer un logement"),
    pgettext_lazy("data-inclusion", "Rechercher une solution d’hébergement temporaire"),
    pgettext_lazy("data-inclusion", "Réduire les impayés de loyer"),
    pgettext_lazy("data-inclusion", "Se maintenir dans le logement"),
    pgettext_lazy("data-inclusion", "S’informer sur les démarches liées à l’accès au logement"),
    pgettext_lazy("data-inclusion", "Accéder à un véhicule"),
    pgettext_lazy("data-inclusion", "Entretenir et réparer son véhicule"),
    pgettext_lazy("data-inclusion", "Être accompagné dans son parcours mobilité"),
    pgettext_lazy("data-inclusion", "Financer ma mobilité"),
    pgettext_lazy("data-inclusion", "Préparer un permis"),
    pgettext_lazy(
        "data-inclusion", "Utiliser des services de mobilité douce, partagée ou collective"
    ),
    pgettext_lazy("data-inclusion", "Accéder à des services en ligne"),
    pgettext_lazy("data-inclusion", "Accéder à une connexion Internet"),
    pgettext_lazy("data-inclusion", "Acquérir un équipement"),
    pgettext_lazy("data-inclusion", "Maîtriser les fondamentaux du numérique"),
    pgettext_lazy("data-inclusion", "Développer son réseau"),
    pgettext_lazy("data-inclusion", "Organiser ses démarches de recherche d’emploi"),
    pgettext_lazy("data-inclusion", "Réaliser un CV et/ou une lettre de motivation"),
    pgettext_lazy("data-inclusion", "Valoriser ses compétences"),
    pgettext_lazy("data-inclusion", "Activités sportives et culturelles"),
    pgettext_lazy("data-inclusion", "Bénévolat et action citoyenne"),
    pgettext_lazy("data-inclusion", "Bien-être et confiance en soi"),
    pgettext_lazy("data-inclusion", "Lien social"),
    pgettext_lazy("data-inclusion", "Accès aux soins"),
    pgettext_lazy("data-inclusion", "Addictions"),
    pgettext_lazy("data-inclusion", "Constituer un dossier MDPH pour invalidité"),
    pgettext_lazy("data-inclusion", "Santé mentale"),
    pgettext_lazy("data-inclusion", "Santé sexuelle"),
    pgettext_lazy("data-inclusion", "Monter son dossier de formation"),
    pgettext_lazy("data-inclusion", "Trouver sa formation"),
    pgettext_lazy("data-inclusion", "Connaître les opportunités d’emploi à l’étranger"),
    pgettext_lazy("data-inclusion", "S’informer sur les aides pour travailler à l’étranger"),
    pgettext_lazy("data-inclusion", "S’organiser suite à son retour en France"),
    pgettext_lazy("data-inclusion", "Convaincre un recruteur en entretien"),
    pgettext_lazy("data-inclusion", "Faire des candidatures spontanées"),
    pgettext_lazy("data-inclusion", "Maintien dans l’emploi"),
    pgettext_lazy("data-inclusion", "Répondre à des offres d’emploi"),
    pgettext_lazy("data-inclusion", "Suivre ses candidatures et relancer les employeurs"),
    pgettext_lazy("data-inclusion", "Tous publics"),
    pgettext_lazy("data-inclusion", "Actifs"),
    pgettext_lazy("data-inclusion", "Bénéficiaires des minimas sociaux"),
    pgettext_lazy("data-inclusion", "Demandeurs d’emploi"),
    pgettext_lazy("data-inclusion", "Étudiants"),
    pgettext_lazy("data-inclusion", "Familles"),
    pgettext_lazy("data-inclusion", "Femmes"),
    pgettext_lazy("data-inclusion", "Jeunes"),
    pgettext_lazy("data-inclusion", "Personnes en situation de handicap"),
    pgettext_lazy("data-inclusion", "Personnes en situation d’urgence"),
    pgettext_lazy("data-inclusion", "Personnes en situation juridique spécifique"),
    pgettext_lazy("data-inclusion", "Personnes exilées"),
    pgettext_lazy("data-inclusion", "Résidents en QPV ou FRR"),
    pgettext_lazy("data-inclusion", "Séniors"),
    pgettext_lazy("data-inclusion", "Gratuit"),
    pgettext_lazy("data-inclusion", "Payant"),
    pgettext_lazy("data-inclusion", "À distance"),
    pgettext_lazy("data-inclusion", "En présentiel"),
    pgettext_lazy("data-inclusion", "Accompagnement"),
    pgettext_lazy("data-inclusion", "Aide financière"),
    pgettext_lazy("data-inclusion", "Aide matérielle"),
    pgettext_lazy("data-inclusion", "Atelier"),
    pgettext_lazy("data-inclusion", "Formation"),
    pgettext_lazy("data-inclusion", "Information"),
    pgettext_lazy("data-inclusion", "Envoyer un courriel"),
    pgettext_lazy("data-inclusion", "Se présenter"),
    pgettext_lazy("data-inclusion", "Téléphoner"),
    pgettext_lazy("data-inclusion", "Utiliser le lien de mobilisation"),
    pgettext_lazy("data-inclusion", "Usagers"),
    pgettext_lazy("data-inclusion", "Professionnels"),
]


def package_labels() -> list[str]:
    from data_inclusion.schema import v1

    seen: list[str] = []
    for enum in (
        v1.Categorie,
        v1.Thematique,
        v1.Public,
        v1.Frais,
        v1.ModeAccueil,
        v1.TypeService,
        v1.ModeMobilisation,
        v1.PersonneMobilisatrice,
    ):
        for item in enum:
            if item.label not in seen:
                seen.append(item.label)
    return seen


if __name__ == "__main__":
    for label in package_labels():
        print(f"    pgettext_lazy({CONTEXT!r}, {label!r}),")
