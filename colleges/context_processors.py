from .access import access_for, membership_of
from .preferences import large_text_for
from .schools import SCHOOL_KEY, menu_choices, switches


def role(request):
    """The user's access for the navigation bar (the pages themselves never rely on it for permission), whether
    they read the portal in large text, and what they may switch between (only for those who may: no query for
    anyone else)."""
    user = request.user
    may_switch = getattr(user, "is_authenticated", False) and switches(user)
    acting_as = _acting_as(request) if may_switch else ""
    choices, more_schools = menu_choices(user, acting_as) if may_switch else ([], False)
    return {
        "access": access_for(user),
        "large_text": large_text_for(request),
        "acting_choices": choices,
        "acting_as": acting_as,
        "more_schools": more_schools,
    }


def _acting_as(request) -> str:
    if request.session.get(SCHOOL_KEY):
        return f"school:{request.session[SCHOOL_KEY]}"
    membership = membership_of(request.user)
    return f"role:{membership.pk}" if membership else ""
