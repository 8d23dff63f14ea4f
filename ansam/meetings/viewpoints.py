"""A participant's viewpoint as stored: each change keeps the earlier version. Written by a
professional (meetings.services.viewpoint_write, after the access checks) or by the person from
their own space (portal.services.meeting_viewpoint)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.accounts.models import User
from ansam.core.errors import Conflict
from ansam.meetings.models import Participant, Viewpoint, ViewpointVersion


def store_viewpoint(
    participant: Participant,
    *,
    section: str,
    reading: str,
    proposal: str,
    written_by: User | None,
    expected_version: int | None,
) -> Viewpoint:
    """Write a participant's viewpoint (a professional's, or the person's from their own space:
    written_by None), keeping the earlier version; a change asks for a new confirmation."""
    viewpoint = Viewpoint.objects.select_for_update().filter(participant=participant).first()
    if viewpoint is None:
        return Viewpoint.objects.create(
            meeting=participant.meeting,
            participant=participant,
            section=section,
            reading=reading,
            proposal=proposal,
            written_by=written_by,
            confirmed_at=timezone.now() if written_by is None else None,
        )
    if expected_version is None or expected_version != viewpoint.version:
        raise Conflict(
            _("This viewpoint was changed meanwhile: read the new version, then write yours.")
        )
    ViewpointVersion.objects.create(
        viewpoint=viewpoint,
        version=viewpoint.version,
        reading=viewpoint.reading,
        proposal=viewpoint.proposal,
        written_by=viewpoint.written_by,
    )
    viewpoint.section = section
    viewpoint.reading = reading
    viewpoint.proposal = proposal
    viewpoint.written_by = written_by
    viewpoint.version += 1
    # The person writing in their own space confirms it by writing it.
    viewpoint.confirmed_at = timezone.now() if written_by is None else None
    viewpoint.save()
    return viewpoint
