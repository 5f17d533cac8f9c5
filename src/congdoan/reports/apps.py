"""Reports: the indicator registry and the reports built from it (báo cáo)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "congdoan.reports"
    label = "reports"
    verbose_name = _("Báo cáo")
