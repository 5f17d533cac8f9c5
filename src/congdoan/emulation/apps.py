from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "congdoan.emulation"
    label = "emulation"
    verbose_name = _("Thi đua, khen thưởng")
