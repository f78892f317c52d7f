from .access import access_for
from .preferences import large_text_for


def role(request):
    """The user's access for the navigation bar (the pages themselves never rely on it for permission), and
    whether they read the portal in large text."""
    return {"access": access_for(request.user), "large_text": large_text_for(request)}
