"""Scoring pages, one module per feature: the school's standing (school), the scheme (scheme), each college's
assessment and its buttons (assessment), the self-assessment and review form (scores), evidence documents
(documents) and the import of reviewed scores (imports). urls.py imports each view from its module.

Each view parses the request with a form, calls one service and renders; who may do what is decided by the
scoped-view hooks (colleges.access) and the workflow rule (scoring.workflow)."""
