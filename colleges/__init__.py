"""The secondary colleges, their committees and members, the member units, the brand projects, the portal's
roles, and who may see and change what (`access`: the one place that decides)."""
