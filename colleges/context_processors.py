from .access import access_for


def role(request):
    """The user's access for the navigation bar; the pages themselves never rely on it for permission."""
    return {"access": access_for(request.user)}
