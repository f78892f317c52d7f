from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .access import ROLE_ORDER
from .models import Membership


class PortalBackend(ModelBackend):
    """Django's backend, loading the person's portal roles (and their schools, which every page names) with the user
    in one query."""

    def get_user(self, user_id):
        roles = list(
            Membership.objects.filter(user_id=user_id).select_related("user", "institution").order_by(*ROLE_ORDER)
        )
        user = roles[0].user if roles else get_user_model()._default_manager.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        for role in roles:
            role.user = user
        user._gkw_memberships = roles
        return user
