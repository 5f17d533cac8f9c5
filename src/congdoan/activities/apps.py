"""Study, outreach and training sessions and their participants (học tập, tuyên truyền)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "congdoan.activities"
    label = "activities"
    verbose_name = _("Hoạt động, học tập")

    def ready(self) -> None:
        from congdoan.activities.imports import register_kinds

        register_kinds()

        from congdoan.activities.demo import build_activities, reset_activities
        from congdoan.org import demo

        # After the members' step: rosters name members of the 2024 tree.
        demo.register_step("activities", build_activities, reset_activities)
