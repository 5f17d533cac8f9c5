"""Materialised paths compare byte by byte on PostgreSQL too (collation "C").

See docs/decisions/0002-org-tree-representation.md: under a language
collation (en_US.UTF-8, vi_VN.UTF-8) the subtree range on ``path`` misses
every descendant. On SQLite nothing changes in the database.
"""

from django.db import migrations

import congdoan.org.models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="path",
            field=congdoan.org.models.PathField(db_index=True, max_length=255),
        ),
        migrations.AlterField(
            model_name="unitversion",
            name="path",
            field=congdoan.org.models.PathField(max_length=255),
        ),
    ]
