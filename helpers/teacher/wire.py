"""The wire protocol between the grader and its sandboxed workers (teacher tool; see ``helpers.teacher.sandbox``).

Three hops, all newline-delimited JSON (``ensure_ascii=True``, so any text, lone surrogates included, travels as
ASCII escapes and never breaks the framing):

* grader → worker (the worker's stdin): one **job** per line::

      {"cells": [<source or null>, ...], "plan": [{"id", "var", ["cases", "seconds"]}, ...],
       "cell_timeout": s, "timeout": s, "memory": bytes, "output_cap": bytes, "processes": n}

  ``plan`` carries a function exercise's case *inputs* only. No expected value ever crosses this line.
* child → worker (a private pipe, fd ``CHILD_FD`` in the child): ``{"cell": i}`` when cell ``i`` starts,
  ``{"error": [i, "NameError: ..."]}``, then ``{"id": qid, "value": <answer node>}`` per planned exercise (the
  nodes of ``helpers.grade_extract.encode``) and ``{"end": true}``.
* worker → grader (the worker's stdout): one **outcome** per job (see ``Outcome`` in ``helpers.grade``)::

      {"records": {qid: node}, "complete": bool, "errors": {i: text}, "timed_out": [i], "died_at": i | null,
       "deadline": bool, "dropped": {i: bytes}, "seconds": s, "breakdown": {...}}

Trust boundary: everything the child sends is the learner's to forge. It is therefore used only as the learner's
own answers (a forged record is worth exactly what assigning that value would be worth) and for cell
bookkeeping; the child never holds an expected value, a hint, a solution or the teacher's files, and the verdicts
are computed in the grader process. Timing, deaths and time-outs are observed by the worker, not reported by the
child. The worker itself is not trusted with anything secret either: it lives in the same sandbox.
"""

from __future__ import annotations

import json

CHILD_FD = 3
MAX_LINE = 64 * 1024 * 1024  # bytes of one message the grader or worker accepts
MAX_CHILD_BYTES = 64 * 1024 * 1024  # bytes a child may send on its record pipe in all


# Bound once at import (before any learner code runs in a forked child): a learner who replaces json.dumps
# cannot rewrite the messages their child sends.
_ENCODE = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
_DECODE = json.JSONDecoder().decode


def dumps(obj) -> bytes:
    """One framed message: compact ASCII JSON and a newline."""
    return _ENCODE(obj).encode("ascii") + b"\n"


def loads(line: bytes):
    """The message of one line (ValueError when it is not a JSON line)."""
    return _DECODE(line.decode("ascii", "replace"))
