"""The report pages, one module per feature: the list and one report (reports), its form page (report_form), its
evidence (evidence), the reviewers' queue (review), the kinds of activity (kinds) and the list's downloads
(exports). urls.py imports each view from its module."""
