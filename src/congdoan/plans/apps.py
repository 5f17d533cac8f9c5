from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "congdoan.plans"
    label = "plans"
    verbose_name = _("Chỉ tiêu")

    def ready(self) -> None:
        from congdoan.org import demo
        from congdoan.plans.demo import build_plans, reset_plans

        demo.register_step("plans", build_plans, reset_plans)
        from congdoan.plans import imports  # noqa: F401 - registers the "targets" import
