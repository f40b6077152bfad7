"""Kernel-side half of batch grading (teacher tool; see ``helpers.grade``).

This module is never imported inside a learner's kernel. ``helpers.grade`` reads its *source text* and injects it,
after the learner's cells, as one extraction cell that runs in a private namespace: a learner who monkeypatches
``helpers.checks`` (or this module) changes nothing. ``helpers/limits.py`` (the stub rule and the time limit) is
injected ahead of it in the same namespace. It uses only the standard library, plus numpy and pandas when
the learner's code has already imported them.

``extract(nonce, plan, namespace)`` writes one line per exercise to stdout::

    @@QEQT-<nonce>@@ {"id": "2.3", "value": <wire node>}

and a final ``@@QEQT-<nonce>@@ END``. A wire node is a small JSON object ``{"t": <type>, ...}`` (see ``encode``);
``helpers.grade.decode`` turns it back into Python objects in the grader's process, where ``helpers.checks``
compares it with the full answers. A function answer is *called here*, on the spec's case inputs only (never the
expected outputs), each call under a time limit; its outputs travel as ``{"t": "function", "stub": bool,
"outputs": [["ok", node] | ["error", "TypeError: ..."]]}``.
"""

import datetime as _dt
import json as _json
import sys as _sys

try:  # the grader injects helpers/limits.py's source ahead of this file, in the same private namespace
    STUB_SECONDS, Timeout, time_limit, is_stub_function  # noqa: B018
except NameError:  # imported as a module (tests, tools)
    from helpers.limits import STUB_SECONDS, Timeout, is_stub_function, time_limit

MAX_NODES = 200_000  # wire nodes per answer (a DataFrame of 200k cells is far beyond any exercise)
MAX_TEXT = 1_000_000  # characters in one string
MAX_MESSAGE = 500  # characters kept of an exception message


class _TooBig(Exception):
    pass


def encode(obj, budget=None, depth=0):
    """The JSON-able wire node of ``obj`` (raises _TooBig past MAX_NODES or deep nesting)."""
    if budget is None:
        budget = [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0 or depth > 40:
        raise _TooBig()
    if obj is None:
        return {"t": "none"}
    if obj is Ellipsis:
        return {"t": "ellipsis"}
    if isinstance(obj, bool):
        return {"t": "bool", "v": bool(obj)}
    if isinstance(obj, int):
        return {"t": "int", "v": str(int(obj))}
    if isinstance(obj, float):
        return {"t": "float", "v": repr(float(obj))}
    if isinstance(obj, str):
        if len(obj) > MAX_TEXT:
            raise _TooBig()
        return {"t": "str", "v": str.__str__(obj)}
    np = _sys.modules.get("numpy")
    pd = _sys.modules.get("pandas")
    if pd is not None:
        if obj is getattr(pd, "NaT", object()):
            return {"t": "nat"}
        if isinstance(obj, pd.Timestamp):
            return {"t": "timestamp", "v": obj.isoformat()}
        if isinstance(obj, pd.DataFrame):
            return {
                "t": "frame",
                "columns": [encode(c, budget, depth + 1) for c in obj.columns.tolist()],
                "index": [encode(i, budget, depth + 1) for i in obj.index.tolist()],
                "data": [[encode(v, budget, depth + 1) for v in row] for row in obj.itertuples(index=False, name=None)],
            }
        if isinstance(obj, pd.Series):
            return {
                "t": "series",
                "name": encode(obj.name, budget, depth + 1),
                "index": [encode(i, budget, depth + 1) for i in obj.index.tolist()],
                "values": [encode(v, budget, depth + 1) for v in obj.tolist()],
            }
        if isinstance(obj, pd.Index):
            return {"t": "list", "v": [encode(v, budget, depth + 1) for v in obj.tolist()]}
    if isinstance(obj, _dt.datetime):
        return {"t": "datetime", "v": obj.isoformat()}
    if isinstance(obj, _dt.date):
        return {"t": "date", "v": obj.isoformat()}
    if np is not None:
        if isinstance(obj, np.datetime64):
            return {"t": "timestamp", "v": str(np.datetime_as_string(obj))}
        if isinstance(obj, np.ndarray):
            if obj.ndim == 0:
                return encode(obj[()], budget, depth + 1)
            if obj.size > MAX_NODES:
                raise _TooBig()
            return {"t": "array", "v": [encode(v, budget, depth + 1) for v in obj.tolist()]}
        if isinstance(obj, np.generic):
            return encode(obj.item(), budget, depth + 1)
    if isinstance(obj, (list, tuple, set, frozenset)):
        kind = "list" if isinstance(obj, list) else "tuple" if isinstance(obj, tuple) else "set"
        if len(obj) > MAX_NODES:
            raise _TooBig()
        return {"t": kind, "v": [encode(v, budget, depth + 1) for v in obj]}
    if isinstance(obj, dict):
        if len(obj) > MAX_NODES:
            raise _TooBig()
        return {
            "t": "dict",
            "v": [[encode(k, budget, depth + 1), encode(v, budget, depth + 1)] for k, v in obj.items()],
        }
    if isinstance(obj, type):
        return {"t": "opaque", "type": "type"}
    if callable(obj):
        return {"t": "opaque", "type": "function"}
    return {"t": "opaque", "type": type(obj).__name__}


def _short(exc):
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def _call(fn, case_json, seconds):
    """Call ``fn`` on one case (fresh copies of the inputs) under a time limit: ["ok", node] or ["error", text]."""
    case = _json.loads(case_json)
    try:
        with time_limit(seconds):
            value = fn(*case.get("args", []), **case.get("kwargs", {}))
        return ["ok", encode(value)]
    except Timeout:
        return ["error", f"執行超過 {seconds:g} 秒（無窮迴圈？）"]
    except _TooBig:
        return ["error", "回傳值太大，無法批改"]
    except BaseException as exc:  # the learner's code may raise anything, even SystemExit or KeyboardInterrupt
        return ["error", _short(exc)]


def _value(obj, item):
    if item.get("cases") is not None and callable(obj):
        if is_stub_function(obj):
            return {"t": "function", "stub": True, "outputs": []}
        seconds = float(item.get("seconds", STUB_SECONDS))
        outputs = [_call(obj, _json.dumps(case), seconds) for case in item["cases"]]
        return {"t": "function", "stub": False, "outputs": outputs}
    return encode(obj)


def extract(nonce, plan, namespace):
    """Write each planned answer variable of ``namespace`` as a marked JSON line on stdout.

    ``plan`` is a list of ``{"id", "var"}`` (plus ``"cases"`` with inputs only, and ``"seconds"``, for function
    exercises). A missing variable is ``{"t": "missing"}``; a value that cannot be encoded is ``{"t": "error"}``.
    """
    out = _sys.stdout
    marker = f"@@QEQT-{nonce}@@"
    for item in plan:
        try:
            if item["var"] not in namespace:
                node = {"t": "missing"}
            else:
                node = _value(namespace[item["var"]], item)
        except _TooBig:
            node = {"t": "error", "msg": "答案太大，無法批改"}
        except BaseException as exc:  # a learner's object may break anything, e.g. a failing __eq__ or __len__
            node = {"t": "error", "msg": _short(exc)}
        out.write(f"\n{marker} " + _json.dumps({"id": item["id"], "value": node}, ensure_ascii=True) + "\n")
        out.flush()
    out.write(f"\n{marker} END\n")
    out.flush()
