"""What each role sees first and what the party office reads: the home pages, the school and college
dashboards with their cached figures, the annual summary built in the background, reminders, and the
page-speed benchmark (`bench`). Reads every app below it and owns no core data."""
