"""Indicator schemes, assessments and the balanced-development rule (built in the scoring issue)."""
