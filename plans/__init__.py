"""The year's work plan: its header, six sections, work points and measurable targets, with live progress
counted by the apps that own the counted things (registered in `core.metrics`)."""
