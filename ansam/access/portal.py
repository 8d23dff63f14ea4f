"""THE access policy for the person's own space.

A person is never a professional account: their session (signed in with a one-time code and
their birth date, or with FranceConnect once a professional linked it) names one record, theirs,
and nothing else. Within it they read what concerns them: their plan, referrals, care team,
choices, the log of who read their record, and everything Ansam holds about them except what the
law keeps for a professional to give (child protection information, CASF L226-2-2).

On the professionals' side, a member of the person's care team opens the space (gives a code,
links an identity) and closes it; nobody else, and never by matching names."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

from ansam.access.records import RecordAccess
from ansam.people.models import Person
from ansam.portal.models import PortalAccess
from ansam.sharing.sections import Section

# The role of the person's own doings in the access log.
PERSON_ROLE = "person"
# Session keys of a person's space (a professional's session never carries them).
SESSION_ACCESS = "_ansam_portal_access"
SESSION_SEEN = "_ansam_portal_seen"
# What the person's own copy of their data leaves to a professional to give in person.
NOT_SELF_SERVED = (Section.CHILD_PROTECTION,)


def can_open_space(access: RecordAccess) -> bool:
    """A professional of the person's care team opens, re-opens and closes their space."""
    return bool(access.team)


def can_handle_corrections(access: RecordAccess) -> bool:
    """A request for correction may be about any part of the record: the coordinator of the
    care team reads and answers it; the rest of the team sees only that one waits."""
    return access.is_coordinator


def signed_in_access(request: HttpRequest) -> PortalAccess | None:
    """The person's access this request acts for, or None: no space in the session, the space
    closed since, the record archived or merged, or idle longer than the portal allows."""
    session = request.session
    access_id = session.get(SESSION_ACCESS)
    if access_id is None:
        return None
    now = time.time()
    if now - session.get(SESSION_SEEN, 0) > settings.ANSAM_PORTAL_IDLE_SECONDS:
        session.flush()
        return None
    access = (
        PortalAccess.objects.select_related("person").filter(pk=access_id, revoked_at=None).first()
    )
    if access is None or not person_may_sign_in(access.person):
        session.flush()
        return None
    if now - session.get(SESSION_SEEN, 0) >= 60:
        session[SESSION_SEEN] = now
    return access


def person_may_sign_in(person: Person) -> bool:
    return person.archived_at is None and person.anonymised_at is None and not person.merged_into_id


def self_served_sections() -> list[str]:
    return [s for s in Section.values if s not in NOT_SELF_SERVED]
