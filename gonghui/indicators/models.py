from django.db import models


class DataVersion(models.Model):
    """One row per database table that has been written: a random token replaced by every write statement on
    that table, in the writer's transaction (indicators/versions.py). A cached indicator value remembers the
    tokens of the tables it read and is used only while they are unchanged. A token, not a counter: a
    rolled-back write's token never comes back, so a value computed inside that transaction is never reused."""

    name = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = "数据版本"
