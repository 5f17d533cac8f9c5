"""Support programmes, support grants and their approval (chăm lo)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "congdoan.care"
    label = "care"
    verbose_name = _("Chăm lo đoàn viên")

    def ready(self) -> None:
        # The grant list's import (``congdoan import grants``, the browser's import).
        from congdoan.care import imports  # noqa: F401 - registers the "grants" import
        from congdoan.care.demo import build_support, reset_support
        from congdoan.org import demo

        # After the members' step: grants go to the members of the 2024 tree.
        demo.register_step("care", build_support, reset_support)
