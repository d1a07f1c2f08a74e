"""Run load+build on a schedule, in the foreground: `wirehouse schedule --every 15m`
or `wirehouse schedule --cron "*/15 * * * *"`.

The first run starts right away; each next run is planned when the previous one ends
(`--every`: that much later; `--cron`: the next matching minute, so a run that overruns
a slot skips it rather than queueing it). The first Ctrl-C or SIGTERM lets the run in
progress finish and then stops; a second one raises KeyboardInterrupt inside the run, whose
own transaction handling rolls it back.

Cron expressions are matched against the wall clock of the datetimes they are given
(naive local time by default).
"""
from __future__ import annotations

import calendar
import os
import re
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import FrameType
from typing import Any

STOP_MESSAGE = "stopping after the current run (press Ctrl-C again to interrupt it)"
MAX_NAP_SECONDS = 60.0  # re-read the clock at least this often while waiting (clock changes, suspend)

_EVERY = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")
_EVERY_HINT = "use e.g. 90s, 15m, 1h"


# --every ---------------------------------------------------------------------------------

def parse_every(text: str) -> timedelta:
    """'15m', '90s', '1h', '2h30m', '1d', '45' (minutes) -> timedelta.

    Units go largest first (d, h, m, s), each at most once. ValueError for anything else,
    and for zero or negative intervals.
    """
    cleaned = text.strip().lower()
    if cleaned.startswith("-") and _read_every(cleaned[1:]) is not None:
        raise ValueError(f"--every: the interval must be positive, got '{text}'")
    interval = _read_every(cleaned)
    if interval is None:
        raise ValueError(f"--every: cannot read '{text}'; {_EVERY_HINT}")
    if interval <= timedelta(0):
        raise ValueError(f"--every: the interval must be positive, got '{text}'")
    return interval


def _read_every(text: str) -> timedelta | None:
    """The interval `text` spells, or None if it spells none."""
    try:
        if text.isascii() and text.isdigit():
            return timedelta(minutes=int(text))
        match = _EVERY.fullmatch(text)
        if not text or match is None:
            return None
        days, hours, minutes, seconds = (int(group or 0) for group in match.groups())
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(f"--every: '{text}' is too long an interval") from None


def every(interval: timedelta) -> Callable[[datetime], datetime]:
    """next_time for --every: `interval` after the moment given (the end of the last run)."""
    if interval <= timedelta(0):
        raise ValueError(f"--every: the interval must be positive, got {interval}")

    def next_time(moment: datetime) -> datetime:
        return moment + interval

    return next_time


# --cron ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()   # names[i] spells low + i

    def parse(self, text: str) -> frozenset[int]:
        values: set[int] = set()
        for part in text.split(","):
            values.update(self._part(part))
        return frozenset(values)

    def _part(self, part: str) -> range:
        span, _, step_text = part.partition("/")
        step = self._step(step_text) if "/" in part else 1
        if span == "*":
            first, last = self.low, self.high
        elif "-" in span:
            first_text, _, last_text = span.partition("-")
            first, last = self._value(first_text), self._value(last_text)
            if first > last:
                raise self.error(f"range '{span}' runs backwards")
        else:
            first = self._value(span)
            last = self.high if "/" in part else first   # '5/15' means 5-max/15
        return range(first, last + 1, step)

    def _step(self, text: str) -> int:
        if not text.isascii() or not text.isdigit() or int(text) == 0:
            raise self.error(f"step '/{text}' must be a whole number of at least 1")
        return int(text)

    def _value(self, text: str) -> int:
        if text.lower() in self.names:
            return self.low + self.names.index(text.lower())
        if not text.isascii() or not text.isdigit():
            raise self.error(f"cannot read '{text}'" + (f" (names: {self.names[0]}-{self.names[-1]})"
                                                          if self.names else ""))
        value = int(text)
        if not self.low <= value <= self.high:
            raise self.error(f"{value} is out of range {self.low}-{self.high}")
        return value

    def error(self, problem: str) -> ValueError:
        return ValueError(f"--cron: bad {self.name} field: {problem}")


_MONTH_NAMES = tuple(name.lower() for name in calendar.month_abbr[1:])       # jan..dec
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day-of-month", 1, 31),
    _Field("month", 1, 12, _MONTH_NAMES),
    _Field("day-of-week", 0, 7, _DAY_NAMES),   # 7 is Sunday too
)
_LONGEST_MONTH = {month: calendar.monthrange(2024, month)[1] for month in range(1, 13)}  # Feb: 29
_SEARCH_DAYS = 366 * 400   # a whole Gregorian cycle; every feasible expression matches sooner


@dataclass(frozen=True)
class Cron:
    """A standard 5-field cron expression: minute hour day-of-month month day-of-week.

    Supports *, lists (1,2), ranges (1-5), steps (*/15, 0-30/10, 5/15 = 5-max/15), names
    (jan-dec, sun-sat), 7 as Sunday, and the rule of crontab(5): when both day fields are
    restricted (neither starts with '*'), a day matches if either does; otherwise both must.
    """
    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]     # 0 = Sunday .. 6 = Saturday
    either_day: bool             # day-of-month OR day-of-week (both restricted)

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = text.split()
        if len(fields) != len(_FIELDS):
            raise ValueError(f"--cron: expected 5 fields (minute hour day-of-month month day-of-week), "
                             f"got {len(fields)} in '{text}'")
        minutes, hours, days, months, weekdays = (spec.parse(field)
                                                  for spec, field in zip(_FIELDS, fields, strict=True))
        either_day = not fields[2].startswith("*") and not fields[4].startswith("*")
        cron = cls(" ".join(fields), minutes, hours, days, months,
                   frozenset(day % 7 for day in weekdays), either_day)
        cron._check_feasible()
        return cron

    def _check_feasible(self) -> None:
        if self.either_day or any(day <= _LONGEST_MONTH[month] for month in self.months for day in self.days):
            return
        raise ValueError(f"--cron: '{self.text}' never matches: no month given has "
                         f"day {', '.join(map(str, sorted(self.days)))}")

    def next_after(self, moment: datetime) -> datetime:
        """The first matching minute strictly after `moment` (seconds zeroed, tzinfo kept)."""
        start = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        day, earliest = start.date(), (start.hour, start.minute)
        for _ in range(_SEARCH_DAYS):
            if day.month not in self.months:
                day, earliest = _first_of_next_month(day), (0, 0)
                continue
            found = self._first_time(earliest) if self._day_matches(day) else None
            if found is not None:
                return datetime(day.year, day.month, day.day, *found, tzinfo=moment.tzinfo)
            day, earliest = day + timedelta(days=1), (0, 0)
        raise ValueError(f"--cron: '{self.text}' matches no minute within 400 years of {moment}")

    def _day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        by_date, by_weekday = day.day in self.days, day.isoweekday() % 7 in self.weekdays
        return (by_date or by_weekday) if self.either_day else (by_date and by_weekday)

    def _first_time(self, earliest: tuple[int, int]) -> tuple[int, int] | None:
        """The first matching (hour, minute) of a day at or after `earliest`."""
        for hour in sorted(h for h in self.hours if h >= earliest[0]):
            for minute in sorted(self.minutes):
                if (hour, minute) >= earliest:
                    return hour, minute
        return None


def _first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


# stopping --------------------------------------------------------------------------------

class Stopper:
    """SIGINT/SIGTERM handling for the schedule (install it from the main thread).

    First signal: `requested` becomes true, `wait` returns early and STOP_MESSAGE is logged.
    Second signal: KeyboardInterrupt is raised in the main thread, interrupting the run.
    The previous handlers come back on `close()` or when the `with` block ends.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, log: Callable[[str], None] = print) -> None:
        self._log = log
        self._event = threading.Event()
        self._flag = False      # set synchronously by the handler; the event may lag a moment
        self._signals = 0
        self._previous: dict[int, Any] = {sig: signal.signal(sig, self._handle) for sig in self.SIGNALS}

    @property
    def requested(self) -> bool:
        return self._flag or self._event.is_set()

    def request(self) -> None:
        """Ask for a stop after the current run (from code rather than a signal)."""
        self._flag = True
        self._event.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True (early) if a stop was requested."""
        if self.requested or seconds <= 0:
            return self.requested
        return self._event.wait(seconds) or self.requested

    def close(self) -> None:
        previous, self._previous = self._previous, {}
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    def __enter__(self) -> Stopper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self._signals += 1
        if self._signals > 1:
            raise KeyboardInterrupt
        self._flag = True
        # Event.set() takes the event's lock, which the interrupted main thread may hold
        # (inside Event.wait): set it from another thread, which just waits its turn.
        threading.Thread(target=self._event.set, name="stopper", daemon=True).start()
        self._say(STOP_MESSAGE)

    def _say(self, message: str) -> None:
        try:
            self._log(message)
        except RuntimeError:   # the signal came in the middle of a print: "reentrant call"
            os.write(2, (message + "\n").encode())


# the loop --------------------------------------------------------------------------------

def run_schedule(run_once: Callable[[], int], next_time: Callable[[datetime], datetime],
                 log: Callable[[str], None] = print, now: Callable[[], datetime] = datetime.now,
                 stopper: Stopper | None = None, max_runs: int | None = None) -> int:
    """Run `run_once` now, then at next_time(end of the last run), until a stop is requested
    or `max_runs` runs have been made. A run that raises is logged and the schedule goes on;
    KeyboardInterrupt propagates. Returns 0."""
    if stopper is None:
        with Stopper(log) as own:
            return run_schedule(run_once, next_time, log, now, own, max_runs)
    runs = 0
    while not _finished(stopper, runs, max_runs):
        if runs:
            target = next_time(now())
            log(f"next run at {target:%Y-%m-%d %H:%M:%S}")
            if _sleep_until(target, now, stopper):
                break
        runs += 1
        _run(run_once, runs, log, now)
    log(f"schedule stopped after {runs} run{'' if runs == 1 else 's'}")
    return 0


def _finished(stopper: Stopper, runs: int, max_runs: int | None) -> bool:
    return stopper.requested or (max_runs is not None and runs >= max_runs)


def _run(run_once: Callable[[], int], number: int, log: Callable[[str], None],
         now: Callable[[], datetime]) -> None:
    log(f"run {number} started at {now():%Y-%m-%d %H:%M:%S}")
    started = time.monotonic()
    try:
        status = run_once()
    except Exception as exc:  # a failed run must not kill the schedule
        log(f"run failed: {type(exc).__name__}: {exc} (run {number}, after {time.monotonic() - started:.1f}s)")
        return
    log(f"run {number} ended with exit status {status} after {time.monotonic() - started:.1f}s")


def _sleep_until(target: datetime, now: Callable[[], datetime], stopper: Stopper) -> bool:
    """Wait until `target` by the `now` clock; True if a stop was requested meanwhile."""
    while (remaining := (target - now()).total_seconds()) > 0:
        if stopper.wait(min(remaining, MAX_NAP_SECONDS)):
            return True
    return stopper.requested
