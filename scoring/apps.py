from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from core import portal


class ScoringConfig(portal.PortalAppConfig):
    name = "scoring"
    verbose_name = _("Balanced-development scoring")
    demo_loader = "scoring.demo.load_demo_assessments"
    demo_order = 40
    home_todos = "scoring.todos.home_todos"

    def ready(self):
        from colleges.models import College
        from core import metrics
        from core.cache import retire_figures_on_writes

        from .models import Assessment, Indicator, IndicatorScore, Scheme
        from .progress import BALANCED_COLLEGE_SHARE, balanced_college_share

        retire_figures_on_writes(Assessment, Indicator, IndicatorScore, Scheme)
        # Assessments exist from the moment a college and a year's scheme both do, whichever way either is
        # created (a page, the admin, a loader). `colleges` must not know about scoring, so scoring listens.
        post_save.connect(_assess_new_college, sender=College, dispatch_uid="gkw-assess-new-college")
        post_save.connect(_score_new_indicator, sender=Indicator, dispatch_uid="gkw-score-new-indicator")

        metrics.register(
            BALANCED_COLLEGE_SHARE,
            _("Share of colleges in balanced development (counted from assessments)"),
            balanced_college_share,
        )


def _assess_new_college(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .assessments import ensure_assessments  # models load after the registry
        from .models import Scheme  # models load after the registry

        # The college's own school's schemes, whatever scope the college was made in (every_school() too).
        for scheme in Scheme.objects.filter(institution_id=instance.institution_id):
            ensure_assessments(scheme, [instance])


def _score_new_indicator(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .assessments import ensure_assessments  # models load after the registry

        ensure_assessments(instance.scheme)
