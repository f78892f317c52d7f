from colleges.access import access_for

from .models import ActivityReport, Status


def review_queue(request):
    """How many reports wait for review, for the reviewers' navigation bar."""
    if not access_for(request.user).manages_everything:
        return {}
    return {"review_count": ActivityReport.objects.filter(status=Status.SUBMITTED).count()}
