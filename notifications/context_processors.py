from .models import Notification

# The bell counts up to this many and then says "99+": nobody reads further, and a count of everything someone
# never read would grow without bound on every page they open.
MOST_COUNTED = 99


def unread(request):
    """The unread count in the navigation bar: one small indexed query per page for a logged-in user, bounded."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True)
    count = unread[: MOST_COUNTED + 1].count()
    return {"unread_count": count, "unread_label": f"{MOST_COUNTED}+" if count > MOST_COUNTED else str(count)}
