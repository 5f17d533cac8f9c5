from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "congdoan.emulation"
    label = "emulation"
    verbose_name = _("Thi đua, khen thưởng")

    def ready(self) -> None:
        from congdoan.emulation.imports import register_kinds

        register_kinds()

        from congdoan.emulation.demo import build_emulation, reset_emulation
        from congdoan.org import demo

        demo.register_step("emulation", build_emulation, reset_emulation)
