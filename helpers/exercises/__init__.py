"""Registry of the course's exercises, by id ``"<chapter>.<n>"`` (introduced in 第 0 章 課程導讀).

Specifications are plain data (JSON-compatible dicts) in ``helpers/exercises/chNN.py``, one module per chapter,
each exposing ``EXERCISES``. The student release replaces those modules by ``helpers/answers/chNN.dat``
(zlib-compressed, base64-encoded JSON) so that expected answers are not readable as plain text. This is
obfuscation for self-study, not security: graded work is graded by the teacher with ``helpers.grade``.

A spec has: ``id``, ``kind`` (see ``helpers.marking``), ``expected``, ``points`` (default 1), ``hints`` (gentlest
first), ``solution`` (zh-TW explanation), ``misconceptions`` (list of ``{name, answer, message}``) and
kind-specific fields (``tol``/``rtol``/``unit``, ``options``, ``granularity``, ``cases`` …).
"""
from __future__ import annotations

import base64
import functools
import importlib
import json
import pathlib
import zlib

from helpers import marking

ANSWERS_DIR = pathlib.Path(__file__).resolve().parents[1] / "answers"

CHAPTERS = {
    0: ("00_guide", "課程導讀"),
    1: ("01_qe_mechanics", "量化寬鬆的機制"),
    2: ("02_qt_mechanics", "量化緊縮的機制"),
    3: ("03_history", "歷史：從日本 2001 到聯準會 2026"),
    4: ("04_market_effects", "市場影響"),
    5: ("05_taiwan_hongkong", "台灣與香港的外溢效應"),
    6: ("06_investor_strategy", "投資人策略"),
    7: ("07_faq", "讀者常問"),
}
KINDS = marking.KINDS  # one list of answer kinds: the engine's comparators


class SpecError(ValueError):
    """An exercise specification is malformed (maintainer-facing, English)."""


def encode(specs: list[dict] | dict) -> str:
    """Encode a chapter's specs (or released hints/solutions, see ``reveal_blob``) for the student release."""
    raw = json.dumps(specs, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode(text: str) -> list[dict] | dict:
    return json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))


def validate(specs: list[dict], chapter: int) -> None:
    """Raise SpecError unless every spec is complete, JSON-serialisable and named for its chapter."""
    seen = set()
    for spec in specs:
        qid = spec.get("id", "?")
        where = f"helpers/exercises/ch{chapter:02d}.py, exercise {qid}"
        if not str(qid).startswith(f"{chapter}.") or not str(qid).split(".", 1)[1].isdigit():
            raise SpecError(f"{where}: id must look like '{chapter}.<n>'")
        if qid in seen:
            raise SpecError(f"{where}: duplicated id")
        seen.add(qid)
        if spec.get("kind") not in KINDS:
            raise SpecError(f"{where}: kind {spec.get('kind')!r} is not one of {sorted(KINDS)}")
        if "sealed" in spec:  # a classroom spec: public fields and a salted hash only (see seal())
            continue
        if "expected" not in spec:
            raise SpecError(f"{where}: no 'expected'")
        if spec["kind"] == "function" and not spec.get("cases"):
            raise SpecError(f"{where}: a function exercise needs 'cases'")
        if not spec.get("hints"):
            raise SpecError(f"{where}: give at least one hint")
        for m in spec.get("misconceptions", []):
            if not {"name", "answer", "message"} <= set(m):
                raise SpecError(f"{where}: each misconception needs name, answer and message")
        try:
            json.dumps(spec, ensure_ascii=False)
        except TypeError as exc:
            raise SpecError(f"{where}: not JSON-serialisable ({exc}); use lists, ISO date strings, floats") from None


@functools.lru_cache(maxsize=None)
def chapter_specs(chapter: int) -> tuple[dict, ...]:
    """The specs of one chapter, from its module (repository) or its encoded file (student release)."""
    try:
        module = importlib.import_module(f"helpers.exercises.ch{chapter:02d}")
        specs = list(module.EXERCISES)
    except ModuleNotFoundError:
        blob = ANSWERS_DIR / f"ch{chapter:02d}.dat"
        if not blob.exists():
            return ()
        specs = decode(blob.read_text(encoding="ascii"))
        specs = _with_revealed(specs, chapter)
    validate(specs, chapter)
    return tuple(specs)


# Hints and worked solutions a teacher released later to a classroom bundle (``python -m helpers.release
# --reveal``): ``helpers/answers/chNN.hints.dat`` and ``chNN.solutions.dat``, encoded like the specs, each a
# ``{qid: text-or-list}`` map. Merged into the sealed specs; they never carry an expected value.
REVEALED = {"hints": "hints", "solutions": "solution"}


def revealed_path(chapter: int, what: str) -> pathlib.Path:
    return ANSWERS_DIR / f"ch{chapter:02d}.{what}.dat"


def _with_revealed(specs: list[dict], chapter: int) -> list[dict]:
    for what, field in REVEALED.items():
        path = revealed_path(chapter, what)
        if not path.exists():
            continue
        try:
            released = decode(path.read_text(encoding="ascii"))
        except Exception:  # a damaged file costs the released texts, never the chapter's checks
            continue
        if not isinstance(released, dict):
            continue
        for spec in specs:
            text = released.get(spec.get("id"))
            if "sealed" in spec and text and (isinstance(text, str) if field == "solution" else isinstance(text, list)):
                spec[field] = text
    return specs


def reveal_blob(specs: list[dict], what: str) -> str:
    """The released ``what`` ("hints" or "solutions") of a chapter's full specs, encoded for the bundle."""
    field = REVEALED[what]
    return encode({s["id"]: s[field] for s in specs if s.get(field)})


def get(qid: str) -> dict:
    """The spec of exercise ``qid``; KeyError when there is none."""
    head = str(qid).split(".", 1)[0]
    if not head.isdigit() or int(head) not in CHAPTERS:
        raise KeyError(qid)
    for spec in chapter_specs(int(head)):
        if spec["id"] == qid:
            return spec
    raise KeyError(qid)


def all_ids() -> list[str]:
    return [s["id"] for n in CHAPTERS for s in chapter_specs(n)]


def chapters() -> list[tuple[str, str, list[str]]]:
    """(file stem, zh-TW title, exercise ids) for each chapter that has exercises."""
    out = []
    for n, (stem, title) in CHAPTERS.items():
        ids = [s["id"] for s in chapter_specs(n)]
        if ids:
            out.append((stem, title, ids))
    return out


def variable(qid: str) -> str:
    """The notebook variable that holds the learner's answer: ``"2.3"`` → ``answer_2_3``."""
    return "answer_" + str(qid).replace(".", "_")


# ------------------------------------------------------------------------------------ classroom (sealed) specs
# A classroom release (``python -m helpers.release --classroom``) ships *sealed* specs: no expected value, no
# misconception answer, no function case output, no hint and no solution text, in any encoding. What remains for
# an instant check() is a salted, slow hash (PBKDF2-HMAC-SHA256) of the canonical right answer. Canonical forms:
# choice/multi letters upper-cased (a set sorted), truth True/False, direction 上升/下降/不變 (per key for a dict),
# order the normalised list, date at the spec's granularity (each day within ``tol_days``), and a number as its
# cell on a grid whose step is the tolerance (``tol``; with ``rtol``, a logarithmic grid of step log(1 + rtol)).
# Near a boundary: check() accepts the answer's cell and its two neighbours, so an answer within the tolerance is
# never refused, and one up to about twice the tolerance away may be accepted at once; the teacher's grader,
# which holds the real specs, uses the exact tolerance. Kinds with no finite canonical form (series, frame,
# function, T-account) get no hash: check() says the teacher will grade them (交由老師批改).
# What this protects: reading the bundle gives no answer; guessing costs one slow hash per candidate, so a
# multiple-choice answer can still be found by trying the options (as by calling check()), a number only by
# trying values cell by cell. It does not protect against a learner who shares answers.
SEAL_ITERATIONS = 20_000
SEALABLE = {"number", "choice", "multi", "truth", "direction", "order", "date"}
PUBLIC_FIELDS = {"id", "kind", "points", "role", "options", "unit", "granularity", "tol", "rtol", "tol_days",
                 "title", "praise"}


def _digest(canon: str, salt: str) -> str:
    import hashlib
    return hashlib.pbkdf2_hmac("sha256", canon.encode("utf-8"), bytes.fromhex(salt), SEAL_ITERATIONS).hex()


def _number_cells(value: float, spec: dict) -> list[str]:
    import math
    if spec.get("tol") is not None:
        step = max(float(spec["tol"]), 1e-12)
        cell = math.floor(value / step + 0.5)
        return [f"n:{cell + d}" for d in (0, -1, 1)]
    step = math.log1p(float(spec.get("rtol", 0.005)))
    if value == 0:
        return ["n:0"]
    sign = "+" if value > 0 else "-"
    cell = math.floor(math.log(abs(value)) / step + 0.5)
    return [f"n:{sign}{cell + d}" for d in (0, -1, 1)]


def canonical_forms(spec: dict, answer) -> list[str]:
    """The canonical strings an answer may hash to (the first is its own; a number adds its neighbours; a date
    with ``tol_days`` every day in range). Raises marking's invalid-input error on unreadable answers."""
    kind = spec["kind"]
    if kind == "number":
        return _number_cells(float(marking._to_number(answer, spec.get("unit"))), spec)
    if kind == "choice":
        return ["c:" + marking._to_choice(answer, spec.get("options"))]
    if kind == "multi":
        return ["m:" + ",".join(sorted(marking._to_choices(answer, spec.get("options"))))]
    if kind == "truth":
        return [f"t:{marking._to_truth(answer)}"]
    if kind == "direction":
        if isinstance(answer, dict):
            return ["d:" + json.dumps({str(k): marking._to_direction(v) for k, v in answer.items()},
                                      ensure_ascii=False, sort_keys=True)]
        return ["d:" + marking._to_direction(answer)]
    if kind == "order":
        if not isinstance(answer, (list, tuple)):
            raise marking._Invalid("這題請用串列（list）排出順序，例如 [\"A\", \"B\", \"C\"]。")
        return ["o:" + json.dumps([str(a).strip().upper() if len(str(a).strip()) == 1 else str(a).strip()
                                   for a in answer], ensure_ascii=False)]
    if kind == "date":
        day = marking._to_date(answer)
        gran = spec.get("granularity", "day")
        if gran == "year":
            return [f"y:{day.year}"]
        if gran == "month":
            return [f"ym:{day.year}-{day.month:02d}"]
        import datetime as _dt
        tol = int(spec.get("tol_days", 0) or 0)
        base = _dt.date(day.year, day.month, day.day)
        return [f"ymd:{(base + _dt.timedelta(days=d)).isoformat()}" for d in sorted(range(-tol, tol + 1), key=abs)]
    raise KeyError(kind)


def seal(spec: dict, salt: str | None = None) -> dict:
    """The classroom form of a spec: public fields only, plus a salted hash of the right answer when its kind
    has a canonical form."""
    import secrets
    out = {k: v for k, v in spec.items() if k in PUBLIC_FIELDS}
    out["sealed"] = {}
    if spec["kind"] in SEALABLE:
        salt = salt or secrets.token_hex(16)
        canon = canonical_forms(spec, spec["expected"])[0]
        if spec["kind"] == "date" and spec.get("granularity", "day") == "day":
            canon = canonical_forms(dict(spec, tol_days=0), spec["expected"])[0]
        out["sealed"] = {"salt": salt, "hash": _digest(canon, salt)}
    return out


def judge(spec: dict, answer):
    """Judge with the engine, or, for a sealed classroom spec, by comparing salted hashes (never raises)."""
    if "sealed" not in spec:
        return marking.judge(spec, answer)
    qid = str(spec.get("id", "?"))
    points = float(spec.get("points", 1))
    if marking.is_blank(answer):
        return marking.Result(qid, "not_attempted", f"⬜ {qid} 尚未作答：把 `...` 換成你的答案，再執行這一格。",
                              max_points=points)
    sealed = spec.get("sealed") or {}
    if not sealed.get("hash"):
        return marking.Result(qid, "not_attempted", f"📝 {qid} 已作答。這題交由老師批改（課堂版不在本機比對答案）。",
                              max_points=points)
    try:
        forms = canonical_forms(spec, answer)
    except marking._Invalid as exc:
        return marking.Result(qid, "invalid", f"⚠️ {qid} 答案的格式無法判讀：{exc}", max_points=points)
    except Exception as exc:
        return marking.Result(qid, "invalid", f"⚠️ {qid} 檢查時出了問題（{type(exc).__name__}）。", max_points=points)
    if any(_digest(form, sealed["salt"]) == sealed["hash"] for form in forms):
        return marking.Result(qid, "passed", f"✅ {qid} 答對了！（課堂版：老師批改時會再以完整答案確認）",
                              points=points, max_points=points)
    more = f'；老師已公布提示：hint("{qid}")' if spec.get("hints") else ""
    return marking.Result(qid, "failed", f"❌ {qid} 還不對。請回到章節內容再想一想{more}。", max_points=points)
