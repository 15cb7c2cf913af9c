"""A date a user typed: on a command line, in a `--set`, in a scenario file, or to `kzlex ask`.

One place decides what is written as a date and which dates are in scope; each caller words its
own message. `date.fromisoformat` alone is not the parser: it also takes 20150203 and 2015-W01-1.
"""

from __future__ import annotations

import datetime as dt
import re

from engine.model.errors import InputError

EARLIEST_DATE = dt.date(1991, 12, 16)  # independence of Kazakhstan; no earlier act is in scope
LATEST_DATE = dt.date(2099, 12, 31)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_DAY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")  # 15.03.2024, 15/03/2024, 15-03-2024


class NotADate(ValueError):
    """The text is not written as a date at all (as against a date that does not exist, 2015-02-30)."""


def iso_day(text: str) -> dt.date:
    """A date written YYYY-MM-DD and only so; NotADate, or a ValueError for a day that does not exist."""
    if not _ISO_DAY.fullmatch(text):
        raise NotADate(text)
    return dt.date.fromisoformat(text)


def typed_day(text: str) -> dt.date:
    """ISO (2024-03-15) or the local day-first form (15.03.2024, 15/03/2024); ValueError otherwise."""
    local = _LOCAL_DAY.fullmatch(text)
    if local:
        day, month, year = (int(g) for g in local.groups())
        return dt.date(year, month, day)
    return iso_day(text)


# The Criminal Code and the Code of Administrative Offences of 2014 took effect on this day; the
# earlier codes are not encoded.
CODES_START = dt.date(2015, 1, 1)

DATE_ADVICE = "write it as YYYY-MM-DD, e.g. 2016-05-21"  # the one wording every date message ends with


def in_scope(day: dt.date) -> bool:
    """Whether an act on `day` can be in scope: from independence to the end of the century."""
    return EARLIEST_DATE <= day <= LATEST_DATE


def parse_date(text: str, what: str) -> dt.date:
    """An ISO date given on a command line or in a --set, checked against the same range as `date`."""
    try:
        day = iso_day(text)
    except ValueError:
        raise InputError(f"{what}: '{text}' is not a date; {DATE_ADVICE}") from None
    if not in_scope(day):
        raise InputError(
            f"{what}: {day.isoformat()} is out of range; give a date between "
            f"{EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
        )
    return day
