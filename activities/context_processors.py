from colleges.access import access_for
from core.keyset import bounded_count

from .models import ActivityReport, Status


def review_queue(request):
    """How many reports wait for review, for the reviewers' navigation bar: counted up to a bound ("more than
    1,000"), since it runs on every page a reviewer opens, over the (status, submitted_at) index."""
    if not access_for(request.user).manages_everything:
        return {}
    return {"review_count": bounded_count(ActivityReport.objects.filter(status=Status.SUBMITTED))}
