"""Synthetic French case narratives for the pseudonymisation tests: 10 situations written as
workers write them, each filled three times with other people, places and dates (30
narratives). Every identifier is planted through a placeholder, so the list of what must
disappear is exact. No real person: the names are common French names, the places real
communes."""

import random
from dataclasses import dataclass, field

TEMPLATES = [
    "Mme {P_FULL}, {AGE}, vit seule avec ses deux enfants à {CITY}. Elle est suivie par "
    "{REL} depuis le {DATE_D}. Son ancien compagnon, M. {FREE_LAST}, ne verse plus la pension. "
    "Elle a rencontré {FREE_TITLED} au CCAS de {CITY2} le {DATE_W}. Contact : {PHONE}.",
    "{P_FIRST} est arrivée à {CITY} en {MONTH_YEAR}. Elle a {AGE}. Sa sœur {REL} l'héberge au "
    "{ADDR}. Le dossier {FILE} est en cours à la CAF. {FREE_FIRST}, son voisin, l'aide pour les "
    "courses. Numéro de sécurité sociale : {NIR}.",
    "Situation de M. {P_FULL} : sortant de détention depuis le {DATE_D}, il dort chez un ami à "
    "{CITY}. Le conseiller du SPIP, {FREE_TITLED}, souhaite une orientation vers le CHRS de "
    "{CITY2}. Il peut être joint à {EMAIL}. Son fils {REL} a {AGE_CHILD}.",
    "Lors de l'entretien du {DATE_W}, {P_FIRST} a expliqué qu'elle ne paie plus son loyer "
    "depuis {MONTH_YEAR}. Le bailleur, représenté par {FREE_TITLED}, a engagé une procédure. "
    "Elle vit au {ADDR} à {CITY}. {REL}, sa fille de {AGE_CHILD}, est scolarisée au collège.",
    "{P_FULL} ({AGE}) a été orienté par la mission locale de {CITY}. Il souhaite devenir "
    "cuisinier. Sa mère, {REL}, est inquiète. Il a quitté le lycée le {DATE_D}. Son éducateur, "
    "{FREE_FIRST}, propose une immersion. Téléphone : {PHONE}.",
    "Famille {P_LAST} : le père, {P_FIRST}, et la mère, {REL}, vivent à {CITY} avec trois "
    "enfants. L'aînée a {AGE_CHILD}. Une information préoccupante a été transmise le {DATE_W} "
    "par {FREE_TITLED}, infirmière scolaire. Dossier ASE {FILE}.",
    "Mme {P_FULL} souffre de troubles psychiques suivis au CMP de {CITY}. Le {DATE_D}, elle a "
    "été hospitalisée. {FREE_TITLED} a alerté le service. Sa voisine, {FREE_FIRST}, passe la "
    "voir. Elle a {AGE}. Adresse : {ADDR}.",
    "Accompagnement budgétaire de {P_FIRST} {P_LAST} : dettes de 8 000 euros, dossier de "
    "surendettement déposé le {DATE_W} à la Banque de France de {CITY}. Son conjoint {REL} "
    "travaille à {CITY2}. Contact : {EMAIL}, {PHONE}.",
    "{P_FIRST}, {AGE}, est arrivé en France en {MONTH_YEAR}. Il ne parle pas français. Il est "
    "hébergé au CADA de {CITY}. Son cousin {REL} l'accompagne aux rendez-vous. Le référent, "
    "{FREE_TITLED}, demande un cours de français. Numéro allocataire : {FILE}.",
    "M. {P_FULL} a perdu son emploi le {DATE_D}. Il vit à {CITY} avec sa compagne {REL}. Il a "
    "{AGE}. {FREE_FIRST}, son ancien collègue, lui a parlé d'un chantier d'insertion à "
    "{CITY2}. Il a rendez-vous avec {FREE_TITLED} le {DATE_W}.",
]

FIRST = (
    "Léa Karim Inès Julien Fatou Thomas Sarah Mehdi Chloé Moussa Émilie Yanis Nadia Hugo Aya"
).split()
LAST = "Martin Benali Traoré Lefèvre Diallo Girard Moreau Roux Faure Fontaine Mercier Blanc".split()
FREE_LAST = "Perrin Morel Chevalier Gauthier Robin Clément Lambert Garnier".split()
TITLES = ["Mme", "M.", "Madame", "Monsieur", "Dr"]
CITIES = ["Nantes", "Saint-Nazaire", "Rezé", "Angers", "Cholet", "Lorient", "Vannes", "Laval"]
MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)


@dataclass
class Narrative:
    text: str
    known: dict[str, str]  # from the record: name -> replacement
    planted: dict[str, list[str]] = field(default_factory=dict)  # category -> strings


def narratives(seed: int = 7) -> list[Narrative]:
    rng = random.Random(seed)
    out = []
    for template in TEMPLATES:
        for _ in range(3):
            p_first, p_last = rng.choice(FIRST), rng.choice(LAST)
            rel = f"{rng.choice(FIRST)} {p_last}"
            free_last = rng.choice(FREE_LAST)
            titled_last = rng.choice([n for n in FREE_LAST if n != free_last])
            free_first = rng.choice([n for n in FIRST if n not in (p_first, rel.split()[0])])
            city, city2 = rng.sample(CITIES, 2)
            day, month, year = (
                rng.randint(1, 28),
                rng.randint(1, 12),
                rng.choice([2024, 2025, 2026]),
            )
            values = {
                "P_FULL": f"{p_first} {p_last}",
                "P_FIRST": p_first,
                "P_LAST": p_last,
                "REL": rel,
                "FREE_LAST": free_last,
                "FREE_TITLED": f"{rng.choice(TITLES)} {titled_last}",
                "FREE_FIRST": free_first,
                "CITY": city,
                "CITY2": city2,
                "DATE_D": f"{day:02d}/{month:02d}/{year}",
                "DATE_W": f"{day} {MONTHS[month - 1]} {year}",
                "MONTH_YEAR": f"{MONTHS[rng.randint(0, 11)]} {year}",
                "AGE": f"{rng.randint(19, 64)} ans",
                "AGE_CHILD": f"{rng.randint(2, 16)} ans",
                "PHONE": "06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                "NIR": f"2 {rng.randint(60, 99)} {month:02d} 44 "
                + f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(10, 97)}",
                "EMAIL": f"{p_first.lower()}.{p_last.lower()}@exemple.fr",
                "ADDR": f"{rng.randint(2, 120)} rue des "
                + rng.choice(["Lilas", "Tilleuls", "Acacias"]),
                "FILE": f"{rng.choice(['n°', 'numéro'])} {rng.randint(100000, 999999)}X",
            }
            text = template.format(**values)
            known = {
                values["P_FULL"]: "A.",
                values["P_FIRST"]: "A.",
                values["P_LAST"]: "A.",
                rel: "B.",
            }
            planted: dict[str, list[str]] = {
                "record": [],
                "name": [],
                "place": [],
                "date": [],
                "other": [],
            }
            for key, value in values.items():
                if "{" + key + "}" not in template:
                    continue
                if key in ("P_FULL", "P_FIRST", "P_LAST", "REL"):
                    planted["record"].append(value)
                elif key in ("FREE_LAST", "FREE_TITLED", "FREE_FIRST"):
                    planted["name"].append(
                        value.split(" ", 1)[-1] if key == "FREE_TITLED" else value
                    )
                elif key in ("CITY", "CITY2"):
                    planted["place"].append(value)
                elif key in ("DATE_D", "DATE_W", "MONTH_YEAR"):
                    planted["date"].append(value)
                else:
                    planted["other"].append(value)
            out.append(Narrative(text, known, planted))
    return out
