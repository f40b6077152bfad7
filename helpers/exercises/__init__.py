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


def encode(specs: list[dict]) -> str:
    """Encode a chapter's specs for the student release."""
    raw = json.dumps(specs, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode(text: str) -> list[dict]:
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
    validate(specs, chapter)
    return tuple(specs)


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
