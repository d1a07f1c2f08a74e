"""`wirehouse schedule`: --every and --cron parsing, the next-run arithmetic, the loop, and
stopping on real signals."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loader.schedule import STOP_MESSAGE, Cron, Stopper, every, parse_every, run_schedule

REPO = Path(__file__).resolve().parent.parent


# --every ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("15m", timedelta(minutes=15)),
    ("90s", timedelta(seconds=90)),
    ("1h", timedelta(hours=1)),
    ("2h30m", timedelta(hours=2, minutes=30)),
    ("1d", timedelta(days=1)),
    ("45", timedelta(minutes=45)),
    (" 10M ", timedelta(minutes=10)),
    ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
])
def test_parse_every(text: str, expected: timedelta) -> None:
    assert parse_every(text) == expected


def test_parse_every_message_says_what_to_write() -> None:
    with pytest.raises(ValueError) as caught:
        parse_every("15x")
    assert str(caught.value) == "--every: cannot read '15x'; use e.g. 90s, 15m, 1h"


@pytest.mark.parametrize("text", ["15x", "", "m", "1.5h", "30m2h", "1h1h", "abc", "1 h 2", "\u0663m", "99999999999d"])
def test_parse_every_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError, match="--every"):
        parse_every(text)


@pytest.mark.parametrize("text", ["0", "0m", "0h0m0s", "-5m", "-1"])
def test_parse_every_rejects_zero_and_negative(text: str) -> None:
    with pytest.raises(ValueError, match="--every: the interval must be positive"):
        parse_every(text)


def test_every_adds_the_interval() -> None:
    moment = datetime(2024, 1, 31, 23, 50, 10)
    assert every(timedelta(minutes=15))(moment) == datetime(2024, 2, 1, 0, 5, 10)
    with pytest.raises(ValueError):
        every(timedelta(0))


# Cron.parse ------------------------------------------------------------------------------

def test_cron_parse_fields() -> None:
    cron = Cron.parse("*/15 9-17/4 1,15 jan-MAR 5-7")
    assert cron.minutes == {0, 15, 30, 45}
    assert cron.hours == {9, 13, 17}
    assert cron.days == {1, 15}
    assert cron.months == {1, 2, 3}
    assert cron.weekdays == {5, 6, 0}
    assert cron.either_day
    assert Cron.parse("0 0 * * sun,7").weekdays == {0}
    assert Cron.parse("7/20 * * * *").minutes == {7, 27, 47}
    assert not Cron.parse("0 0 */10 * mon").either_day


@pytest.mark.parametrize(("text", "problem"), [
    ("* * * *", "expected 5 fields"),
    ("* * * * * *", "expected 5 fields"),
    ("", "expected 5 fields"),
    ("60 * * * *", "bad minute field: 60 is out of range 0-59"),
    ("* 24 * * *", "bad hour field"),
    ("* * 0 * *", "bad day-of-month field"),
    ("* * 32 * *", "bad day-of-month field"),
    ("* * * 13 *", "bad month field"),
    ("* * * foo *", "bad month field: cannot read 'foo'"),
    ("* * * mon *", "bad month field"),
    ("* * * * 8", "bad day-of-week field"),
    ("* * * * fry", "bad day-of-week field: cannot read 'fry'"),
    ("* * * * mon-", "bad day-of-week field"),
    ("5-1 * * * *", "bad minute field: range '5-1' runs backwards"),
    ("*/0 * * * *", "bad minute field: step"),
    ("*/x * * * *", "bad minute field: step"),
    ("1,,2 * * * *", "bad minute field"),
    ("1-2-3 * * * *", "bad minute field"),
    ("* * 31 2,4 *", "never matches"),
])
def test_cron_parse_errors_name_the_field(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        Cron.parse(text)
    assert str(caught.value).startswith("--cron: ")
    assert problem in str(caught.value)


# next_after: known cases -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "moment", "expected"), [
    ("*/15 * * * *", datetime(2024, 5, 17, 10, 7), datetime(2024, 5, 17, 10, 15)),
    ("*/15 * * * *", datetime(2024, 5, 17, 10, 15), datetime(2024, 5, 17, 10, 30)),          # strictly after
    ("*/15 * * * *", datetime(2024, 5, 17, 10, 14, 59, 999), datetime(2024, 5, 17, 10, 15)),
    ("*/15 * * * *", datetime(2024, 12, 31, 23, 50), datetime(2025, 1, 1, 0, 0)),
    ("0 9 * * mon-fri", datetime(2024, 5, 17, 10, 0), datetime(2024, 5, 20, 9, 0)),         # Fri -> Mon
    ("0 9 * * mon-fri", datetime(2024, 5, 17, 8, 59, 30), datetime(2024, 5, 17, 9, 0)),
    ("0 0 29 2 *", datetime(2023, 3, 1), datetime(2024, 2, 29)),
    ("0 0 29 2 *", datetime(2024, 2, 29), datetime(2028, 2, 29)),
    ("0 0 29 2 *", datetime(2096, 3, 1), datetime(2104, 2, 29)),                             # 2100 is no leap year
    ("0 0 31 * *", datetime(2024, 4, 15), datetime(2024, 5, 31)),
    ("30 8 1 * *", datetime(2024, 1, 31, 12, 0), datetime(2024, 2, 1, 8, 30)),
    ("59 23 31 12 *", datetime(2024, 12, 31, 23, 59), datetime(2025, 12, 31, 23, 59)),
    ("0 12 * JAN,jul *", datetime(2024, 2, 1), datetime(2024, 7, 1, 12, 0)),
    ("0-30/10 * * * *", datetime(2024, 1, 1, 10, 31), datetime(2024, 1, 1, 11, 0)),
    ("0 0 * * 7", datetime(2024, 1, 1), datetime(2024, 1, 7)),                               # 7 is Sunday
    ("0 0 * * sun", datetime(2024, 1, 1), datetime(2024, 1, 7)),
    # both day fields restricted: either may match
    ("0 0 13 * fri", datetime(2024, 1, 1), datetime(2024, 1, 5)),                            # a Friday
    ("0 0 13 * fri", datetime(2024, 1, 12), datetime(2024, 1, 13)),                          # the 13th, a Saturday
    ("0 0 13 * *", datetime(2024, 1, 1), datetime(2024, 1, 13)),
    ("0 0 * * fri", datetime(2024, 1, 12), datetime(2024, 1, 19)),
    # a day field starting with '*' counts as unrestricted (crontab(5)): both must match
    ("0 0 */10 * mon", datetime(2024, 1, 1), datetime(2024, 3, 11)),
])
def test_next_after(text: str, moment: datetime, expected: datetime) -> None:
    assert Cron.parse(text).next_after(moment) == expected


def test_next_after_keeps_the_time_zone() -> None:
    moment = datetime(2024, 5, 17, 10, 7, 30, tzinfo=UTC)
    assert Cron.parse("*/15 * * * *").next_after(moment) == datetime(2024, 5, 17, 10, 15, tzinfo=UTC)
    assert Cron.parse("*/15 * * * *").next_after(moment).tzinfo is UTC


# next_after: property against a brute-force oracle ---------------------------------------
# Each field is drawn with its own predicate, written independently of the parser.

MINUTES = [("*", lambda m: True), ("*/15", lambda m: m % 15 == 0), ("0", lambda m: m == 0),
           ("5,35", lambda m: m in (5, 35)), ("10-20/5", lambda m: m in (10, 15, 20)), ("59", lambda m: m == 59),
           ("7/20", lambda m: m in (7, 27, 47))]
HOURS = [("*", lambda h: True), ("0", lambda h: h == 0), ("9-17", lambda h: 9 <= h <= 17),
         ("*/6", lambda h: h % 6 == 0), ("23", lambda h: h == 23)]
DAYS = [("*", lambda d: True), ("1", lambda d: d == 1), ("15", lambda d: d == 15), ("29", lambda d: d == 29),
        ("31", lambda d: d == 31), ("1-7", lambda d: d <= 7), ("*/10", lambda d: d in (1, 11, 21, 31))]
MONTHS = [("*", lambda m: True), ("2", lambda m: m == 2), ("jan,jul", lambda m: m in (1, 7)),
          ("*/3", lambda m: m in (1, 4, 7, 10)), ("dec", lambda m: m == 12), ("feb-apr", lambda m: 2 <= m <= 4)]
WEEKDAYS = [("*", lambda w: True), ("mon-fri", lambda w: 1 <= w <= 5), ("0", lambda w: w == 0),  # w: 0 = Sunday
            ("7", lambda w: w == 0), ("sat,sun", lambda w: w in (6, 0)), ("3", lambda w: w == 3),
            ("5-7", lambda w: w in (5, 6, 0))]
Pick = tuple[str, Callable[[int], bool]]
HORIZON_DAYS = 366 * 5


def _day_ok(fields: list[Pick], day: date) -> bool:
    (dom_text, dom), (_, month), (dow_text, dow) = fields[2], fields[3], fields[4]
    by_date, by_weekday = dom(day.day), dow(day.isoweekday() % 7)
    either = not dom_text.startswith("*") and not dow_text.startswith("*")
    return month(day.month) and ((by_date or by_weekday) if either else (by_date and by_weekday))


def _oracle_matches(fields: list[Pick], moment: datetime) -> bool:
    return fields[0][1](moment.minute) and fields[1][1](moment.hour) and _day_ok(fields, moment.date())


def _brute_force(fields: list[Pick], moment: datetime) -> datetime | None:
    """Minute by minute from just after `moment`, skipping days that cannot match."""
    candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = moment + timedelta(days=HORIZON_DAYS)
    while candidate < end:
        if not _day_ok(fields, candidate.date()):
            candidate = datetime.combine(candidate.date() + timedelta(days=1), datetime.min.time())
        elif _oracle_matches(fields, candidate):
            return candidate
        else:
            candidate += timedelta(minutes=1)
    return None


def _feasible(fields: list[Pick]) -> bool:
    if not fields[2][0].startswith("*") and not fields[4][0].startswith("*"):
        return True
    leap_year = (date(2024, 1, 1) + timedelta(days=n) for n in range(366))
    return any(fields[3][1](day.month) and fields[2][1](day.day) for day in leap_year)


@settings(max_examples=300, deadline=None)
@given(fields=st.tuples(*(st.sampled_from(options) for options in (MINUTES, HOURS, DAYS, MONTHS, WEEKDAYS))),
       moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
def test_next_after_is_the_first_match(fields: tuple[Pick, ...], moment: datetime) -> None:
    picks = list(fields)
    text = " ".join(field_text for field_text, _ in picks)
    if not _feasible(picks):
        with pytest.raises(ValueError, match="never matches"):
            Cron.parse(text)
        return
    found = Cron.parse(text).next_after(moment)
    assert found > moment
    assert (found.second, found.microsecond) == (0, 0)
    assert _oracle_matches(picks, found), f"{text}: {found} does not match"
    expected = _brute_force(picks, moment)
    if expected is None:   # nothing within the horizon: the answer lies beyond it
        assert found >= moment + timedelta(days=HORIZON_DAYS)
    else:
        assert found == expected


# run_schedule ----------------------------------------------------------------------------

class Clock:
    def __init__(self, start: datetime) -> None:
        self.time = start

    def __call__(self) -> datetime:
        return self.time


class ClockStopper(Stopper):
    """A Stopper whose waiting moves a fake clock instead of sleeping."""

    def __init__(self, clock: Clock, log: Callable[[str], None]) -> None:
        super().__init__(log)
        self.clock = clock
        self.waits: list[float] = []

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.clock.time += timedelta(seconds=seconds)
        return self.requested


def test_run_schedule_runs_max_runs_times_and_logs_each_run() -> None:
    calls: list[int] = []
    lines: list[str] = []

    def run_once() -> int:
        calls.append(1)
        return 2 if len(calls) == 2 else 0

    with Stopper(lines.append) as stopper:
        assert run_schedule(run_once, lambda t: t, log=lines.append, stopper=stopper, max_runs=3) == 0
    assert len(calls) == 3
    assert [line.split(" started")[0] for line in lines if " started at " in line] == ["run 1", "run 2", "run 3"]
    ended = [line for line in lines if " ended with exit status " in line]
    assert len(ended) == 3
    assert ended[1].startswith("run 2 ended with exit status 2 after ") and ended[1].endswith("s")
    assert sum(line.startswith("next run at ") for line in lines) == 2     # none after the last run
    assert lines[-1] == "schedule stopped after 3 runs"


def test_run_schedule_waits_for_next_time_by_the_clock() -> None:
    clock = Clock(datetime(2024, 5, 17, 10, 7))
    starts: list[datetime] = []
    lines: list[str] = []

    def run_once() -> int:   # each run takes three minutes
        starts.append(clock())
        clock.time += timedelta(minutes=3)
        return 0

    with ClockStopper(clock, lines.append) as stopper:
        run_schedule(run_once, Cron.parse("*/15 * * * *").next_after, log=lines.append, now=clock,
                     stopper=stopper, max_runs=3)
    assert starts == [datetime(2024, 5, 17, 10, 7), datetime(2024, 5, 17, 10, 15), datetime(2024, 5, 17, 10, 30)]
    assert "next run at 2024-05-17 10:15:00" in lines
    assert "run 2 started at 2024-05-17 10:15:00" in lines
    assert max(stopper.waits) <= 60     # re-reads the clock at least once a minute


def test_a_failing_run_does_not_stop_the_schedule() -> None:
    calls: list[int] = []
    lines: list[str] = []

    def run_once() -> int:
        calls.append(1)
        if len(calls) <= 2:
            raise RuntimeError("database is locked")
        return 0

    with Stopper(lines.append) as stopper:
        assert run_schedule(run_once, lambda t: t, log=lines.append, stopper=stopper, max_runs=4) == 0
    assert len(calls) == 4
    failed = [line for line in lines if line.startswith("run failed: ")]
    assert len(failed) == 2
    assert failed[0].startswith("run failed: RuntimeError: database is locked (run 1, after ")
    assert all("\n" not in line for line in lines)
    assert sum(" ended with exit status 0 " in line for line in lines) == 2


def test_keyboard_interrupt_propagates() -> None:
    calls: list[int] = []

    def run_once() -> int:
        calls.append(1)
        raise KeyboardInterrupt

    with Stopper(lambda _: None) as stopper, pytest.raises(KeyboardInterrupt):
        run_schedule(run_once, lambda t: t, log=lambda _: None, stopper=stopper)
    assert len(calls) == 1


def test_a_stop_requested_during_a_run_ends_the_schedule_after_it() -> None:
    calls: list[int] = []
    lines: list[str] = []
    with Stopper(lines.append) as stopper:
        def run_once() -> int:
            calls.append(1)
            if len(calls) == 2:
                stopper.request()
            return 0

        assert run_schedule(run_once, lambda t: t, log=lines.append, stopper=stopper) == 0
    assert len(calls) == 2
    assert sum(" ended with exit status 0 " in line for line in lines) == 2
    assert lines[-1] == "schedule stopped after 2 runs"


# Stopper, in this process ----------------------------------------------------------------

def test_stopper_installs_and_restores_handlers() -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with Stopper(lambda _: None):
        assert all(signal.getsignal(sig) != handler for sig, handler in before.items())
    assert {sig: signal.getsignal(sig) for sig in before} == before


def test_stopper_wait_times_out_without_a_signal() -> None:
    with Stopper(lambda _: None) as stopper:
        started = time.monotonic()
        assert stopper.wait(0.1) is False
        assert time.monotonic() - started >= 0.09
        assert not stopper.requested


def test_stopper_first_signal_requests_second_interrupts() -> None:
    lines: list[str] = []
    with Stopper(lines.append) as stopper:
        os.kill(os.getpid(), signal.SIGTERM)
        started = time.monotonic()
        assert stopper.wait(10) is True
        assert time.monotonic() - started < 5
        assert stopper.requested
        assert lines == [STOP_MESSAGE]
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)


# real signals, in a child process --------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys, time
    from datetime import timedelta
    from pathlib import Path
    from loader.schedule import every, run_schedule

    folder = Path(sys.argv[1])

    def run_once():
        with (folder / "started").open("a") as fh:
            fh.write("run\\n")
        try:
            time.sleep(2)
        except KeyboardInterrupt:
            (folder / "rolled-back").write_text("yes")
            raise
        with (folder / "finished").open("a") as fh:
            fh.write("run\\n")
        return 0

    sys.exit(run_schedule(run_once, every(timedelta(seconds=0.1)), log=lambda line: print(line, flush=True)))
""")


def _start_child(folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    with (folder / "out.txt").open("wb") as out:
        return subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def _wait_for(condition: Callable[[], bool], child: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline or child.poll() is not None:
            child.kill()
            child.wait()
            pytest.fail(f"waited in vain for {what}")
        time.sleep(0.02)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_lets_the_current_run_finish_then_stops(tmp_path: Path, signum: int) -> None:
    child = _start_child(tmp_path)
    _wait_for(lambda: (tmp_path / "started").exists(), child, "the first run to start")
    assert not (tmp_path / "finished").exists()     # the signal lands while the run is in progress
    child.send_signal(signum)
    assert child.wait(timeout=20) == 0
    output = (tmp_path / "out.txt").read_text()
    assert _lines(tmp_path / "finished") == ["run"]    # the run in progress finished...
    assert _lines(tmp_path / "started") == ["run"]     # ...and no other run started
    assert not (tmp_path / "rolled-back").exists()
    assert STOP_MESSAGE in output
    assert "run 1 ended with exit status 0" in output
    assert "next run at" not in output
    assert output.rstrip().endswith("schedule stopped after 1 run")


def test_second_signal_interrupts_the_run(tmp_path: Path) -> None:
    child = _start_child(tmp_path)
    _wait_for(lambda: (tmp_path / "started").exists(), child, "the first run to start")
    child.send_signal(signal.SIGTERM)
    _wait_for(lambda: STOP_MESSAGE in (tmp_path / "out.txt").read_text(), child, "the stop message")
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) != 0
    assert (tmp_path / "rolled-back").exists()          # the run saw KeyboardInterrupt
    assert not (tmp_path / "finished").exists()
    assert _lines(tmp_path / "started") == ["run"]
