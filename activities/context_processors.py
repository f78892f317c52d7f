from django.db.models import Sum

from colleges.access import access_for, reviews

from .models import CollegeTally, Status


def review_queue(request):
    """How many reports wait for review, for the reviewers' navigation bar: a sum over the submitted tally rows
    (one index-only scan of a small table), since it runs on every staff page."""
    if not reviews(access_for(request.user)):
        return {}
    waiting = CollegeTally.objects.filter(status=Status.SUBMITTED).aggregate(n=Sum("reports", default=0))["n"]
    return {"review_count": waiting}
