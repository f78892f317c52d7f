"""The surveys' refusal: every service of the app raises it with a sentence the person reads."""

from core.errors import Refused, RoleRefused


class SurveyRefused(Refused):
    pass


class CodeRefused(SurveyRefused):
    """The invitation code is missing, wrong or used: the public page counts these tries (surveys.guard)."""


class SurveyRoleRefused(RoleRefused, SurveyRefused):
    pass
