"""Run by tests/imports/test_import_kill.py in a child process: an import killed with SIGKILL mid-way.

    python kill_import.py run   FILE   # build a tree, import FILE, die by SIGKILL in the 2nd chunk's write
    python kill_import.py check FILE   # print what the registry holds, then import FILE for real

The database is whatever ``DATABASE_URL`` / ``CONGDOAN_DATA_DIR`` say (a
fresh one per test), so the kill happens with no test harness around it:
no transaction of pytest's, no rollback but the database's own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from congdoan.accounts.models import AuditEntry
    from congdoan.imports import members as member_import
    from congdoan.members.models import MemberEvent, Person, Spell
    from congdoan.org import services as org
    from congdoan.org.models import Level, Unit

    mode, path = sys.argv[1], sys.argv[2]
    if mode == "run":
        call_command("migrate", interactive=False, verbosity=0)
        on = dt.date(2015, 1, 1)
        top = org.found_unit(
            actor=None,
            parent=None,
            code="LC",
            name="LĐLĐ tỉnh Lào Cai",
            level=Level.PROVINCE_FEDERATION,
            on=on,
        )
        org.found_unit(
            actor=None, parent=top, code="CS-01", name="Công đoàn cơ sở Thử", level=Level.GRASSROOTS, on=on
        )
        member_import.CHUNK = 500
        real_write = member_import._write
        calls = []

        def write_then_die(plan, **kwargs):  # type: ignore[no-untyped-def]
            real_write(plan, **kwargs)
            calls.append(1)
            if len(calls) == 2:  # two chunks written inside the transaction, not committed
                os.kill(os.getpid(), signal.SIGKILL)

        member_import._write = write_then_die
    unit = Unit.objects.get(code="CS-01")
    if mode == "check":
        print(
            json.dumps(
                {
                    "people": Person.objects.count(),
                    "spells": Spell.objects.count(),
                    "events": MemberEvent.objects.count(),
                    "imports": AuditEntry.objects.filter(action="members.import").count(),
                }
            ),
            flush=True,
        )
    result = member_import.import_members(actor=None, source=path, filename=os.path.basename(path), unit=unit)
    print(json.dumps({"created": result.created, "written": result.written, "errors": result.error_count}))


if __name__ == "__main__":
    main()
