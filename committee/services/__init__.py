"""Every write of the committee's own work, by feature: notices, meetings and their follow-up tasks, training,
member units' self-reports.

Each write claims the row's version in the UPDATE that changes it (`core.versions.claim`), so of two people acting
on the same page exactly one wins and the other is told in their language; each leaves an `Event`. Files are
written inside `core.files.writing_files()`, so a failed request leaves none behind.
"""
