"""The two scopes publicity's pages start from."""

from colleges.access import ScopedViewMixin

from ..access import PUBLICITY_ROLES, edits_public_pages


class PublicityMixin(ScopedViewMixin):
    """A page of this app: the school's roles and the colleges' correspondents may reach it."""

    roles = PUBLICITY_ROLES


class PublicPagesEditorMixin(ScopedViewMixin):
    """A page that writes a public notice or talk: the school's roles reach it, staff may use it."""

    def has_permission(self):
        return edits_public_pages(self.access)
