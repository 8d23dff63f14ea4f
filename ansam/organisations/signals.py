"""'Works in Ansam' follows reality: an organisation with at least one active member works in
Ansam (referrals to it are answered in Ansam), one without does not (a letter is printed).
Kept on every change of a membership, wherever it comes from (an invitation accepted, a request
to join accepted, a membership ended, the admin)."""

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ansam.organisations.models import Membership, Organisation


def follow_members(organisation_ids) -> None:
    active = Membership.objects.filter(organisation=OuterRef("pk"), is_active=True)
    Organisation.objects.filter(pk__in=list(organisation_ids)).update(uses_ansam=Exists(active))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _membership_changed(sender, instance, **kwargs):
    follow_members([instance.organisation_id])
