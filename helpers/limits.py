"""Two rules shared by the marking engine and the grading kernel: what counts as an unattempted function stub, and
how long one call of a learner's function may run (introduced in 第 0 章 課程導讀).

Standard library only: ``helpers.grade`` injects this file's *source* into the grading kernel ahead of
``helpers.grade_extract`` (the kernel never imports ``helpers``), and ``helpers.marking`` imports it normally, so
there is one definition of each rule.
"""

import dis as _dis
import signal as _signal
import threading as _threading

STUB_SECONDS = 5.0  # default time limit for one call of a learner's function (a spec may set "seconds")


class Timeout(Exception):
    """A learner's function ran past its time limit."""


class time_limit:
    """Interrupt the block after ``seconds`` with :class:`Timeout` (Unix main thread only; elsewhere no limit)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = hasattr(_signal, "setitimer") and _threading.current_thread() is _threading.main_thread()
        self.old = None

    def __enter__(self):
        if self.armed:
            self.old = _signal.signal(_signal.SIGALRM, self._raise)
            _signal.setitimer(_signal.ITIMER_REAL, self.seconds)
        return self

    def _raise(self, *_):
        raise Timeout()

    def __exit__(self, *exc):
        if self.armed:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            if self.old is not None:
                _signal.signal(_signal.SIGALRM, self.old)
        return False


def is_stub_function(fn) -> bool:
    """True for a function whose body is only ``...`` or ``pass`` (the generated exercise stub)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in _dis.get_instructions(code) if i.opname not in {"RESUME", "NOP", "CACHE"}]
    return ops in ([("RETURN_CONST", None)], [("LOAD_CONST", None), ("RETURN_VALUE", None)])
