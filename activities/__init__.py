"""Activity reports, their review workflow and evidence files (built in the activity-reports issue)."""
