"""Writes to a college's committee that carry a rule."""

from django.db import transaction

from .models import CommitteeMember


@transaction.atomic
def remove_member(member: CommitteeMember) -> bool:
    """Delete a member who never took part in a report; one who did is only marked inactive, so that every
    report keeps who took part (and exports do not change after the fact). Returns whether the row is gone."""
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    # `reports` is the activity reports' link to their members: the reverse side keeps this app free of theirs.
    if member.reports.exists():
        if member.active:
            member.active = False
            member.save(update_fields=["active"])
        return False
    member.delete()
    return True
