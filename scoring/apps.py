from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Balanced-development scoring")

    def ready(self):
        from core import metrics

        from .progress import BALANCED_COLLEGE_SHARE, balanced_college_share

        metrics.register(
            BALANCED_COLLEGE_SHARE,
            _("Share of colleges in balanced development (counted from assessments)"),
            balanced_college_share,
        )
