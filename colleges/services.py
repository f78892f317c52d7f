"""Writes to a college's committee that carry a rule."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.errors import Refused, RoleRefused
from core.versions import claim

from .access import access_for, reviews
from .models import BrandProject, CommitteeMember, YearRetirements


class BrandProjectExists(Refused):
    """Someone else created the college's brand project of that year a moment ago."""


def save_brand_project(project: BrandProject) -> BrandProject:
    """Save the college's brand project of a year; there is at most one, so a second one created at the same
    moment is refused rather than added."""
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        raise BrandProjectExists(
            _("Someone has just created this year's brand project. Reload the page to edit it.")
        ) from None
    return project


@transaction.atomic
def remove_member(member: CommitteeMember) -> bool:
    """Delete a member who never took part in a report; one who did is only marked inactive, so that every
    report keeps who took part (and exports do not change after the fact). A member another app's records hold on
    to (an elder's offer on the care board, say) is likewise only marked inactive. Returns whether the row is gone."""
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    # `reports` is the activity reports' link to their members: the reverse side keeps this app free of theirs.
    if not member.reports.exists():
        try:
            with transaction.atomic():
                member.delete()
            return True
        except ProtectedError:
            pass
    if member.active:
        member.active = False
        member.save(update_fields=["active"])
    return False


def set_retirements(user, year: int, teachers: int, expected_version: int) -> YearRetirements:
    """Keep how many teachers retired in `year` (committee staff): the base of the plan's retirees target. The first
    save makes the year's row; a later one claims the version the page showed."""
    RoleRefused.unless(reviews(access_for(user)), reviews)
    row = YearRetirements.objects.filter(year=year).first()
    if row is None:
        try:
            with transaction.atomic():
                return YearRetirements.objects.create(year=year, teachers=teachers)
        except IntegrityError:
            raise Refused(_("Someone has just entered this year's number. Reload the page to change it.")) from None
    claim(YearRetirements, row.pk, expected_version, teachers=teachers)
    row.refresh_from_db()
    return row
