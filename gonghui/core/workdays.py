"""Working days (工作日) for service timers such as "review within 3 working days".

Monday to Friday. The State Council's yearly holiday schedule (调休) is not known offline, so a public holiday
counts as a working day here: a timer may run out a little early, never late.
"""

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
