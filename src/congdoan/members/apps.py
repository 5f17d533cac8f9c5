from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "congdoan.members"
    label = "members"
    verbose_name = _("Đoàn viên")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from congdoan.members import name_index

        post_migrate.connect(name_index.ensure, sender=self, dispatch_uid="members.name_index")

        from congdoan.members.services import on_unit_absorbed
        from congdoan.org import hooks

        hooks.on_unit_absorbed(on_unit_absorbed)

        from congdoan.members.demo import build_members, reset_members
        from congdoan.org import demo

        demo.register_step("members", build_members, reset_members)
