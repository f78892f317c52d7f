from .models import Notification


def unread(request):
    """The unread count in the navigation bar: one small query per page for a logged-in user."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"unread_count": Notification.objects.filter(user=request.user, read_at__isnull=True).count()}
