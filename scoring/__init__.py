"""Balanced-development scoring: the year's indicator scheme (`schemes`), each college's assessment and its
workflow (`assessments`, `workflow`), the balanced-development rule itself (`rules`, pure and exact), the
school's standing (`standing`), and score imports (`importer`)."""
