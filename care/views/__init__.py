"""The care board's pages, one module per feature; care.urls imports them from their modules. Every view takes
colleges.access.ScopedViewMixin with the care roles (care.views.common): the object is found among what the user
may see (404), the action is decided by care.access (403), and every write is one service of care.services."""
