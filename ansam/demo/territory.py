"""The demo territory: a coherent, realistic French territory built on the real communes of one
real département. Deterministic for a seed. `small` loads in seconds; `departement`
(≈5,000 organisations, ≈50,000 services, ≈20,000 professionals) is for benchmarks."""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ansam.accounts.models import User
from ansam.continuity.services import signals_compute
from ansam.core.text import fold
from ansam.demo.activity import build_activity
from ansam.demo.agreements import build_agreements
from ansam.demo.catalogue import (
    ASSOCIATION_NAMES,
    CATALOGUE,
    FIRST_NAMES,
    FOOD_NETWORKS,
    LANDLORDS,
    LAST_NAMES,
    OrgKind,
    ServiceSpec,
)
from ansam.demo.meetings import build_meetings
from ansam.demo.people import build_people
from ansam.demo.plans import build_plans
from ansam.geo.models import Commune, Departement
from ansam.network.services import daily as network_daily
from ansam.observatory.services import release_compute
from ansam.organisations.models import (
    Membership,
    Organisation,
    Service,
    ServiceArea,
    ServiceTag,
)
from ansam.organisations.search_index import index_services
from ansam.organisations.taxonomies import AreaKind, CapacityStatus, categorie_of

DEMO_PASSWORD = "ansam-demo-2026"  # noqa: S105 - printed for the demo on purpose
DEMO_DOMAIN = "demo.ansam.test"
SIZES = {
    # communes used, target organisations, services per organisation, members per organisation
    "small": {"communes": 8, "organisations": None, "extra_services": 0, "members": (2, 4)},
    "departement": {
        "communes": None,
        "organisations": 5000,
        "extra_services": 8,
        "members": (3, 5),
    },
}
Role = Membership.Role


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    kind: str
    label: str
    name: tuple[str, str]
    staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "responsable@" + DEMO_DOMAIN,
        Role.MANAGER,
        "ccas",
        "organisation manager (CCAS)",
        ("Claire", "Morel"),
    ),
    DemoAccount(
        "travailleur@" + DEMO_DOMAIN,
        Role.WORKER,
        "ccas",
        "social worker (CCAS)",
        ("Karim", "Benali"),
    ),
    DemoAccount(
        "coordinatrice@" + DEMO_DOMAIN,
        Role.COORDINATOR,
        "mds",
        "coordinator (MDS)",
        ("Nadia", "Lefèvre"),
    ),
    DemoAccount(
        "partenaire@" + DEMO_DOMAIN,
        Role.WORKER,
        "chrs",
        "social worker (CHRS)",
        ("Julien", "Traoré"),
    ),
    DemoAccount(
        "urgence@" + DEMO_DOMAIN,
        Role.WORKER,
        "siao",
        "social worker (SIAO 115, emergency actor)",
        ("Inès", "Roussel"),
    ),
    DemoAccount(
        "territoire@" + DEMO_DOMAIN,
        Role.TERRITORY_COORDINATOR,
        "cd",
        "territory coordinator",
        ("Sophie", "Garnier"),
    ),
    DemoAccount(
        "operateur@" + DEMO_DOMAIN, "", "", "operator (admin)", ("Marc", "Fontaine"), staff=True
    ),
    DemoAccount(
        "representant@" + DEMO_DOMAIN,
        "",
        "",
        "representative of the people accompanied (steering committee only)",
        ("Yasmine", "Haddad"),
    ),
)


def _siret(rng: random.Random) -> str:
    """A SIRET that passes the Luhn check, as real ones do."""
    digits = [rng.randint(0, 9) for _ in range(13)]
    digits[0] = rng.randint(1, 9)
    for check in range(10):
        candidate = digits + [check]
        total = 0
        for i, n in enumerate(reversed(candidate)):
            if i % 2 == 1:
                n *= 2
                if n > 9:
                    n -= 9
            total += n
        if total % 10 == 0:
            return "".join(map(str, candidate))
    raise AssertionError("unreachable")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text))[:40].strip("-")


STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "place de la Mairie",
    "rue Victor Hugo",
    "boulevard Pasteur",
    "rue des Écoles",
    "allée des Tilleuls",
    "rue du Port",
)


class TerritoryBuilder:
    def __init__(self, *, departement: str, size: str, seed: int):
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}")
        self.size = SIZES[size]
        self.rng = random.Random(seed)
        self.dep = Departement.objects.get(code=departement)
        communes = list(
            Commune.objects.filter(departement=self.dep, kind=Commune.Kind.COMMUNE).order_by(
                "-population", "code"
            )
        )
        if not communes:
            raise ValueError(f"no commune loaded for département {departement}")
        self.communes = communes[: self.size["communes"]] if self.size["communes"] else communes
        self.today = date.today()
        self.orgs: list[Organisation] = []
        self.org_kind: dict[int, OrgKind] = {}
        self.org_commune: dict[int, Commune] = {}
        self.specs: list[tuple[Organisation, ServiceSpec, Commune, str]] = []

    # --- organisations ---------------------------------------------------------------------
    def _count(self, kind: OrgKind, commune: Commune, scale: float | None) -> int:
        if commune.population < kind.min_population:
            return 0
        if scale is None:
            return 1
        return max(1, round(kind.weight * commune.population / scale))

    def _scale(self) -> float | None:
        target = self.size["organisations"]
        if not target:
            return None
        per_commune = [k for k in CATALOGUE if k.per == "commune"]
        lo, hi = 1.0, 1e7
        for _ in range(60):
            mid = (lo + hi) / 2
            total = sum(self._count(k, c, mid) for k in per_commune for c in self.communes)
            lo, hi = (mid, hi) if total > target else (lo, mid)
        return hi

    def _name(self, kind: OrgKind, commune: Commune, n: int) -> str:
        name = kind.name.format(
            commune=commune.name,
            dep=self.dep.name,
            name=self.rng.choice(ASSOCIATION_NAMES if kind.key != "bailleur" else LANDLORDS),
            food=self.rng.choice(FOOD_NETWORKS),
        )
        return name if n == 0 else f"{name} ({n + 1})"

    def _new_org(self, kind: OrgKind, commune: Commune, n: int) -> Organisation:
        name = self._name(kind, commune, n)
        postal = (commune.postal_codes.split() or [""])[0]
        org = Organisation(
            name=name[:150],
            siret=_siret(self.rng),
            typology=kind.typology,
            networks=list(kind.networks),
            description=kind.description,
            address=f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}",
            postal_code=postal,
            commune=commune,
            commune_name=commune.name,
            latitude=(commune.latitude or 47.2) + self.rng.uniform(-0.01, 0.01),
            longitude=(commune.longitude or -1.55) + self.rng.uniform(-0.01, 0.01),
            phone=f"02 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            email=f"accueil@{_slug(name)}.example.org",
            opening_hours="Mo-Fr 09:00-12:30,13:30-17:00",
            source="ansam-demo",
            source_id=f"{kind.key}-{commune.code}-{n}",
            source_updated_on=self.today,
            uses_ansam=True,
            emergency_actor=kind.emergency_actor,
        )
        self.org_kind[id(org)] = kind
        self.org_commune[id(org)] = commune
        return org

    def build_organisations(self) -> None:
        scale = self._scale()
        main = self.communes[0]
        for kind in CATALOGUE:
            if kind.per == "departement":
                self.orgs.append(self._new_org(kind, main, 0))
                continue
            for commune in self.communes:
                for n in range(self._count(kind, commune, scale)):
                    self.orgs.append(self._new_org(kind, commune, n))
        Organisation.objects.bulk_create(self.orgs, batch_size=1000)

    # --- services --------------------------------------------------------------------------
    def _area(self, spec: ServiceSpec, commune: Commune) -> list[tuple[str, str]]:
        if spec.area == "departement":
            return [(AreaKind.DEPARTEMENT, self.dep.code)]
        if spec.area == "epci" and commune.epci_id:
            return [(AreaKind.EPCI, commune.epci_id)]
        return [(AreaKind.COMMUNE, commune.code)]

    def build_services(self) -> list[Service]:
        services, areas = [], {}
        all_specs = [s for k in CATALOGUE for s in k.services]
        capacity = [CapacityStatus.OPEN] * 7 + [
            CapacityStatus.WAITING_LIST,
            CapacityStatus.WAITING_LIST,
            CapacityStatus.FULL,
        ]
        nearby = self.communes[: max(10, len(self.communes) // 4)]
        for org in self.orgs:
            kind, commune = self.org_kind[id(org)], self.org_commune[id(org)]
            plan = [(spec, commune, "") for spec in kind.services]
            for _ in range(self.size["extra_services"]):
                place = self.rng.choice(nearby)
                plan.append((self.rng.choice(all_specs), place, f" – permanence à {place.name}"))
            for spec, place, suffix in plan:
                service = Service(
                    organisation=org,
                    name=(spec.name + suffix)[:150],
                    summary=spec.summary,
                    description=f"{spec.summary}\n\n{kind.description}",
                    types=list(spec.types),
                    thematiques=list(spec.thematiques),
                    categories=sorted({categorie_of(t) for t in spec.thematiques}),
                    publics=list(spec.publics),
                    fees=spec.fees,
                    reception_modes=list(spec.modes),
                    referral_modes=list(spec.referral),
                    referrable_by=list(spec.by),
                    prerequisites=spec.prerequisites,
                    documents=spec.documents,
                    address=org.address if place == commune else "Mairie",
                    postal_code=(place.postal_codes.split() or [""])[0],
                    commune=place,
                    commune_name=place.name,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    phone=org.phone,
                    email=org.email,
                    capacity_status=self.rng.choice(capacity),
                    last_verified_on=self.today - timedelta(days=self.rng.randint(0, 400)),
                    source="ansam-demo",
                    source_id=f"{org.source_id}-{len(services)}",
                    source_updated_on=self.today,
                )
                services.append(service)
                areas[id(service)] = self._area(spec, place)
        Service.objects.bulk_create(services, batch_size=1000)
        tags, area_rows = [], []
        for s in services:
            for kind, codes in (
                ("thematique", s.thematiques),
                ("categorie", s.categories),
                ("public", s.publics),
                ("mode_accueil", s.reception_modes),
                ("type", s.types),
            ):
                tags += [ServiceTag(service=s, kind=kind, code=c) for c in codes]
            area_rows += [ServiceArea(service=s, kind=k, code=c) for k, c in areas[id(s)]]
        ServiceTag.objects.bulk_create(tags, batch_size=5000)
        ServiceArea.objects.bulk_create(area_rows, batch_size=5000)
        for start in range(0, len(services), 2000):
            index_services(services[start : start + 2000])
        return services

    # --- professionals ---------------------------------------------------------------------
    def build_professionals(self) -> int:
        password = make_password(DEMO_PASSWORD)
        users, memberships = [], []
        low, high = self.size["members"]
        for i, org in enumerate(self.orgs):
            for j in range(self.rng.randint(low, high)):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                user = User(
                    email=f"{_slug(first)}.{_slug(last)}.{i}-{j}@{DEMO_DOMAIN}",
                    first_name=first,
                    last_name=last,
                    password=password,
                    job_title="",
                )
                users.append(user)
                role = (
                    Role.MANAGER
                    if j == 0
                    else self.rng.choice([Role.WORKER, Role.WORKER, Role.WORKER, Role.COORDINATOR])
                )
                memberships.append((user, org, role))
        for account in DEMO_ACCOUNTS:
            user = User(
                email=account.email,
                first_name=account.name[0],
                last_name=account.name[1],
                password=password,
                is_staff=account.staff,
                is_superuser=account.staff,
            )
            users.append(user)
            if account.kind:
                org = next(o for o in self.orgs if self.org_kind[id(o)].key == account.kind)
                memberships.append((user, org, account.role))
        User.objects.bulk_create(users, batch_size=2000)
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=r) for u, o, r in memberships],
            batch_size=2000,
        )
        return len(users)


@dataclass
class TerritoryReport:
    departement: str
    communes: int
    organisations: int
    services: int
    professionals: int
    people: int = 0


@transaction.atomic
def build_territory(*, departement: str = "44", size: str = "small", seed: int = 1):
    builder = TerritoryBuilder(departement=departement, size=size, seed=seed)
    builder.build_organisations()
    services = builder.build_services()
    professionals = builder.build_professionals()

    people = build_people(count=30 if size == "small" else 0, seed=seed)
    if people:
        build_plans(seed=seed)
        build_meetings()
        build_agreements()
        build_activity(seed=seed, keep_out={a.email for a in DEMO_ACCOUNTS})
        signals_compute(notify_users=False)
        network_daily()
        release_compute()
    return TerritoryReport(
        people=people,
        departement=f"{builder.dep.name} ({builder.dep.code})",
        communes=len(builder.communes),
        organisations=len(builder.orgs),
        services=len(services),
        professionals=professionals,
    )
