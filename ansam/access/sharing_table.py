"""The sharing state of a record at a glance: the team's organisations x sections, who reads
what, on which basis, since when (the sharing page and the API's sharing view)."""

from collections.abc import Sequence
from dataclasses import dataclass

from ansam.access import records
from ansam.organisations.models import Organisation
from ansam.sharing.models import CareTeamMember, SharingBasis
from ansam.sharing.sections import Section


@dataclass
class SharingCell:
    readable: bool  # the organisation reads this section now
    in_profile: bool  # its kind needs it at all (need-to-know profile)
    basis: str  # the latest basis that applies, when it is particular to this organisation or
    since: object  # section (the team-wide one is said once, above the table), and its date


@dataclass
class SharingTable:
    organisations: list[Organisation]
    rows: list[tuple[str, list[SharingCell]]]  # one per section the reader may know of
    team_basis: SharingBasis | None  # what the person said for the whole team, every section


def sharing_table(
    access: records.RecordAccess, members: Sequence[CareTeamMember], bases: Sequence[SharingBasis]
) -> SharingTable:
    """The team's organisations x sections: who reads what, on which basis, since when. The
    coordinator sees every section; another member only the sections they read themselves, so
    that the table says nothing of what is kept from them."""
    if access.is_coordinator:
        sections = list(Section.values)
    else:
        sections = [s for s in Section.values if access.can_read(s)]
    profiles = records.profiles_of(m.organisation for m in members)
    by_org: dict[int, list[CareTeamMember]] = {}
    for member in members:
        by_org.setdefault(member.organisation_id, []).append(member)
    organisations = [rows[0].organisation for rows in by_org.values()]
    opened = {o.pk: records.team_sections(by_org[o.pk], bases, profiles) for o in organisations}
    ordered_bases = records.recent_first(bases)
    rows = []
    for section in sections:
        cells = []
        for organisation in organisations:
            row = records.latest_basis(organisation.pk, section, ordered_bases, ordered=True)
            particular = row if row is not None and (row.organisation_id or row.section) else None
            cells.append(
                SharingCell(
                    readable=section in opened[organisation.pk],
                    in_profile=section in records.profile_sections(organisation, profiles),
                    basis=particular.basis if particular else "",
                    since=particular.created_at if particular else None,
                )
            )
        rows.append((section, cells))
    team_wide = [b for b in bases if b.organisation_id is None and not b.section]
    team_basis = max(team_wide, key=lambda b: (b.created_at, b.pk)) if team_wide else None
    return SharingTable(organisations, rows, team_basis)
