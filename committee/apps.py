from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("The committee's own work")
    # The year's archive (built by the publicity app, which this app does not import) takes these sections.
    archive_sections = [
        ("minutes", _("Meeting minutes"), "committee.archive.minutes"),
        ("notices", _("Notices and their replies"), "committee.archive.notices"),
    ]
