from decimal import Decimal as D

import pytest

from core.text import fmt
from scoring import assessments, schemes


@pytest.fixture
def scheme(db):
    return schemes.load_scheme_file()[0]


@pytest.fixture
def full_marks(scheme):
    """Every scored indicator at its maximum, by code."""
    return {i.code: i.max_points for i in schemes.scored_indicators(scheme)}


def score_form(assessment, values, notes=None, prefix_reports=None):
    """POST data for the self-assessment or review form of `assessment`, from {indicator code: score}."""
    data = {"version": assessment.version}
    for score in assessments.scores_of(assessment):
        value = values.get(score.indicator.code)
        data[f"score_{score.pk}"] = "" if value is None else (fmt(value) if isinstance(value, D) else str(value))
        data[f"note_{score.pk}"] = (notes or {}).get(score.indicator.code, "")
    return data
