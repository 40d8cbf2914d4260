"""Put on PYTHONPATH by `make test-future` only, so every Python process of the run
(pytest, the local stack) loads it at startup.

The run fakes the wall clock and leaves the monotonic clock real. With Debian's
libfaketime 0.9.10 and Python 3.11 that takes three settings:
- FAKETIME_DONT_FAKE_MONOTONIC=1: a faked monotonic clock hangs every lock wait with a
  timeout (glibc hands the shifted deadline straight to the kernel);
- FAKETIME_FORCE_MONOTONIC_FIX=0: the fix, on by default for glibc >= 2.30, corrupts the
  timed waits of the interpreter's GIL, so threads starve (requests time out);
- this module: clock_nanosleep() still shifts an absolute CLOCK_MONOTONIC deadline by the
  fake offset, so time.sleep() fails with EINVAL (wolfcw/libfaketime#426, fixed in
  0.9.11). When that is the case, sleep through select(), whose relative timeout
  libfaketime leaves alone; with a fixed libfaketime, or without one, nothing changes.
"""

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)  # retried with the time left after a signal


try:
    time.sleep(0)
except OSError:
    time.sleep = _sleep
