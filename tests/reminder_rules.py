"""What the reminder-rule tests share: a controlled clock's moments and rule rows active since long ago."""

import datetime

from opgaver import services
from opgaver.models import ReminderRule

CPH = services.channels.COPENHAGEN
LONG_AGO = datetime.date(2020, 1, 1)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CPH)


def rules_active_since_long_ago(**fields) -> dict[str, ReminderRule]:
    """Every rule row enabled and active since long ago, so the controlled clock's dates count;
    `fields` (e.g. lead_days=0) set on every row too. The rows by key."""
    services.reminder_rules_sync(today=LONG_AGO)
    ReminderRule.objects.update(active_since=LONG_AGO, enabled=True, **fields)
    return {row.key: row for row in ReminderRule.objects.all()}
