"""The course's one data loader (introduced in 第 0 章 課程導讀).

Curated tables live in ``data/<name>.csv`` beside a ``data/<name>.meta.json`` that says what each column is,
its unit and plausible range, where the figures come from and under which licence. ``load(name)`` reads and
validates a table; every problem is reported with the file and what to fix.

Guard rails a table can ask for in its metadata (see docs/maintaining-data.md): ``"ordered": true`` (the key
must strictly increase down the file), a column ``"step"`` (every value a multiple of it: 0.25 for FOMC ranges,
0.125 for the CBC discount rate), ``"ranges": [["lower", "upper"]]`` (lower <= upper on every row) and
``"changes_only": [columns]`` (no row may repeat the previous row's values: a hold is not a change).

Public-domain FRED series are not committed: ``refresh()`` (or ``make data``) downloads them into
``data/cache/`` and ``fred(series_id)`` reads them back.

Command line (maintainers)::

    python -m helpers.data refresh [SERIES_ID ...]   # download FRED series into data/cache/
    python -m helpers.data manifest                  # rewrite data/manifest.csv from the tables
    python -m helpers.data check                     # validate every table and the manifest
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import pathlib
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
CACHE_DIR = DATA_DIR / "cache"
SNAPSHOT_DIR = DATA_DIR / "fred"
SNAPSHOT_INFO = SNAPSHOT_DIR / "snapshot.json"
MANIFEST = DATA_DIR / "manifest.csv"
FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id={}"

# FRED series the course can use once downloaded (all public domain; the source agency in brackets).
FRED_SERIES = {
    "WALCL": "聯準會總資產（百萬美元，週）[Federal Reserve Board, H.4.1]",
    "WRESBAL": "銀行準備金（十億美元，週）[Federal Reserve Board, H.4.1]",
    "RRPONTSYD": "隔夜逆回購餘額（十億美元，日）[Federal Reserve Bank of New York]",
    "WTREGEN": "財政部一般帳戶 TGA（十億美元，週）[U.S. Treasury, via H.4.1]",
    "TREAST": "聯準會持有美國公債（百萬美元，週）[Federal Reserve Board, H.4.1]",
    "WSHOMCB": "聯準會持有 MBS（百萬美元，週）[Federal Reserve Board, H.4.1]",
    "DGS10": "10 年期美國公債殖利率（%，日）[Federal Reserve Board, H.15]",
    "DGS2": "2 年期美國公債殖利率（%，日）[Federal Reserve Board, H.15]",
    "FEDFUNDS": "有效聯邦資金利率（%，月）[Federal Reserve Board, H.15]",
    "CPIAUCSL": "美國消費者物價指數（指數，月）[BLS]",
    "M2SL": "M2 貨幣供給（十億美元，月）[Federal Reserve Board, H.6]",
    "MORTGAGE30US": "30 年期房貸利率（%，週）[Freddie Mac PMMS, via FRED]",
    "DEXTAUS": "新台幣兌美元匯率（新台幣/美元，日）[Federal Reserve Board, H.10]",
    "DEXHKUS": "港幣兌美元匯率（港幣/美元，日）[Federal Reserve Board, H.10]",
    "T10YIE": "10 年期損益兩平通膨率（%，日）[Federal Reserve Bank of St. Louis]",
    "DFII10": "10 年期抗通膨公債（TIPS）實質殖利率（%，日）[Federal Reserve Board, H.15]",
    "T10Y2Y": "10 年減 2 年期公債殖利率利差（百分點，日）[Federal Reserve Bank of St. Louis]",
    "UNRATE": "美國失業率（%，月）[BLS]",
    "DTB3": "3 個月期國庫券次級市場利率（%，日）[Federal Reserve Board, H.15]",
}

_TYPES = {"date", "float", "int", "str"}


class DataError(ValueError):
    """A table or a cached series is missing, malformed or implausible. The message names the file and the fix."""


# --------------------------------------------------------------------------------------------- curated tables
def available() -> list[str]:
    """Names of every curated table (the stems of ``data/*.meta.json``)."""
    return sorted(p.name[: -len(".meta.json")] for p in DATA_DIR.glob("*.meta.json"))


def meta(name: str) -> dict:
    """The metadata of table ``name``: title, source, licence, key, and per-column type/unit/range."""
    path = DATA_DIR / f"{name}.meta.json"
    if not path.exists():
        names = "、".join(available())
        raise DataError(
            f"找不到資料集「{name}」。可用的資料集：{names}。 (no data/{name}.meta.json; check the spelling)"
        )
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"data/{name}.meta.json is not valid JSON ({exc}); fix the file") from None
    for field in ("title", "source", "licence", "columns"):
        if field not in info:
            raise DataError(f"data/{name}.meta.json lacks '{field}'; add it")
    for col, spec in info["columns"].items():
        if spec.get("type") not in _TYPES:
            raise DataError(
                f"data/{name}.meta.json: column '{col}' has type {spec.get('type')!r}; use one of {sorted(_TYPES)}"
            )
        step = spec.get("step")
        if step is not None and (
            spec["type"] not in {"float", "int"}
            or not isinstance(step, (int, float))
            or isinstance(step, bool)
            or step <= 0
        ):
            raise DataError(
                f"data/{name}.meta.json: column '{col}' has step {step!r}; a step must be a positive "
                "number on a float or int column"
            )
    _check_rule_spec(name, info)
    return info


def _check_rule_spec(name: str, info: dict) -> None:
    """The guard-rail fields of a table's metadata name real columns (a typo there would silently check nothing)."""
    rel, cols = f"data/{name}.meta.json", info["columns"]
    if info.get("ordered"):
        key = info.get("key")
        if not isinstance(key, str) or cols.get(key, {}).get("type") not in {"date", "float", "int"}:
            raise DataError(
                f"{rel}: 'ordered' needs a single date or number column as 'key' (got {key!r}); "
                "set 'key' or drop 'ordered'"
            )
    for pair in info.get("ranges", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(c in cols for c in pair)):
            raise DataError(f"{rel}: 'ranges' entry {pair!r} must be two column names [lower, upper] of this table")
    changes = info.get("changes_only")
    if changes is not None and not (isinstance(changes, list) and changes and all(c in cols for c in changes)):
        raise DataError(f"{rel}: 'changes_only' must list columns of this table (got {changes!r})")


def load(name: str) -> pd.DataFrame:
    """Read and validate curated table ``name``; return a fresh DataFrame (dates as datetime64).

    Validation: the columns the metadata promises, types, units (each numeric column has a plausible range,
    so an amount typed in millions instead of billions is caught), no duplicated key, and a non-empty
    ``source`` on every row. Raises :class:`DataError` naming the file and the fix.
    """
    return _load_cached(name).copy()


@functools.cache
def _load_cached(name: str) -> pd.DataFrame:
    info = meta(name)
    path = DATA_DIR / f"{name}.csv"
    rel = f"data/{name}.csv"
    if not path.exists():
        raise DataError(f"{rel} is missing; restore it with `git checkout -- {rel}`")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(
            f"{rel} cannot be parsed as UTF-8 CSV ({str(exc).strip()}); "
            "check for stray commas or quotes on the line named"
        ) from None
    columns = info["columns"]
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise DataError(f"{rel} lacks column(s) {missing}; the header must contain {list(columns)}")
    if "source" in columns:
        blank = raw.index[raw["source"].str.strip() == ""]
        if len(blank):
            raise DataError(f"{rel}: row(s) {_rows(blank)} have no source; every figure must name its source")
    df = raw.copy()
    for col, spec in columns.items():
        df[col] = _convert(rel, col, spec, raw[col])
    key = info.get("key")
    if key:
        keys = [key] if isinstance(key, str) else list(key)
        dup = df.index[df.duplicated(keys, keep=False)]
        if len(dup):
            raise DataError(
                f"{rel}: duplicated {'/'.join(keys)} at row(s) {_rows(dup)}; "
                "keep one row per key (merge or delete the repeat)"
            )
    check_rules(rel, info, df)
    return df


def _show(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def check_rules(rel: str, info: dict, df: pd.DataFrame) -> None:
    """The guard rails a table's metadata asks for (``ordered``, column ``step``, ``ranges``, ``changes_only``),
    applied to ``df`` as read from file ``rel`` (rows in file order). Raises :class:`DataError` naming the file,
    the spreadsheet row (header = row 1) and the fix. Maintainers' tool: messages in English."""
    columns = info["columns"]
    key = info.get("key")
    if info.get("ordered") and isinstance(key, str) and len(df) > 1:
        values = df[key]
        prev = values.shift(1)
        bad = values.index[(values <= prev) & values.notna() & prev.notna()]
        if len(bad):
            i = bad[0]
            raise DataError(
                f"{rel}: row {i + 2} ({key} {_show(values[i])}) is not after row {i + 1} ({key} {_show(prev[i])}); "
                f"rows must be in strictly increasing {key} order: move the row to its place or fix its {key}"
            )
    for col, spec in columns.items():
        step = spec.get("step")
        if step is None:
            continue
        values = df[col].dropna().astype(float)
        ratio = values / step
        off = values.index[(ratio - ratio.round()).abs() > 1e-6]
        if len(off):
            i = off[0]
            v = float(df.loc[i, col])
            nearest = round(v / step) * step
            unit = f" {spec['unit']}" if spec.get("unit") else ""
            raise DataError(
                f"{rel}: column '{col}' value {v:g} at row {i + 2} is not a multiple of {step:g}{unit}; "
                f"this table moves in steps of {step:g}: check for a typo (the nearest step is {nearest:g}) "
                "or a value typed in another unit"
            )
    for lo, hi in info.get("ranges", []):
        bad = df.index[(df[lo] > df[hi]) & df[lo].notna() & df[hi].notna()]
        if len(bad):
            i = bad[0]
            raise DataError(
                f"{rel}: row {i + 2} has {lo} {_show(df.loc[i, lo])} above {hi} {_show(df.loc[i, hi])}; "
                f"'{lo}' must not exceed '{hi}': swap the two values or fix the typo"
            )
    changes = info.get("changes_only")
    if changes and len(df) > 1:
        same = (df[changes] == df[changes].shift(1)).all(axis=1)
        same.iloc[0] = False
        bad = df.index[same]
        if len(bad):
            i = bad[0]
            shown = "/".join(_show(df.loc[i, c]) for c in changes)
            raise DataError(
                f"{rel}: row {i + 2} repeats the {'/'.join(changes)} of row {i + 1} ({shown}); this table records "
                "changes only: delete the row (a meeting that kept the rate belongs in the metadata's list of "
                "meetings, not in the table)"
            )


def _rows(index) -> str:
    # Row numbers as a spreadsheet shows them: the header is line 1.
    return ", ".join(str(i + 2) for i in list(index)[:5]) + (" …" if len(index) > 5 else "")


def _convert(rel, col, spec, values: pd.Series) -> pd.Series:
    kind = spec["type"]
    optional = spec.get("optional", False)
    empty = values.str.strip() == ""
    if empty.any() and not optional:
        raise DataError(f"{rel}: column '{col}' is empty at row(s) {_rows(values.index[empty])}; fill it in")
    if kind == "str":
        return values
    if kind == "date":
        out = pd.to_datetime(values.where(~empty), format="%Y-%m-%d", errors="coerce")
        bad = out.isna() & ~empty
        if bad.any():
            raise DataError(
                f"{rel}: column '{col}' has non-ISO date(s) {values[bad].head(3).tolist()} at row(s) "
                f"{_rows(values.index[bad])}; write dates as YYYY-MM-DD"
            )
        return out
    out = pd.to_numeric(values.where(~empty), errors="coerce")
    bad = out.isna() & ~empty
    if bad.any():
        raise DataError(
            f"{rel}: column '{col}' has non-numeric value(s) {values[bad].head(3).tolist()} at row(s) "
            f"{_rows(values.index[bad])}; write plain numbers (no commas or units)"
        )
    lo, hi = spec.get("min"), spec.get("max")
    unit = spec.get("unit", "")
    outside = ((lo is not None) & (out < lo)) | ((hi is not None) & (out > hi))
    if outside.any():
        first = out[outside].iloc[0]
        hint = ""
        percent = "%" in unit
        if hi is not None and first > hi and percent and first / 100 <= hi:
            hint = " It looks 100 times too large: basis points typed where percent is expected?"
        elif hi is not None and first > hi and first / 1000 <= hi:
            hint = " It looks 1,000 times too large: millions typed where billions are expected?"
        elif hi is not None and first > hi and first / 100 <= hi:
            hint = " It looks 100 times too large: basis points typed where percent is expected?"
        elif lo is not None and 0 < first < lo and first * 100 >= lo:
            hint = " It looks 100 times too small: a fraction typed where percent is expected?"
        raise DataError(
            f"{rel}: column '{col}' value {first:g} at row(s) {_rows(out.index[outside])} is outside "
            f"the plausible range {lo}–{hi} {unit}.{hint} Fix the value or the unit"
        )
    if kind == "int":
        return out.astype("Int64")
    return out.astype(float)


def catalog() -> pd.DataFrame:
    """The manifest as a table: every curated dataset with its title, rows, date range, source and licence."""
    return pd.DataFrame(manifest_rows()).drop(columns=["sha256"])


def clear_cache() -> None:
    """Forget tables read so far (after editing a CSV in a running kernel)."""
    _load_cached.cache_clear()


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_rows() -> list[dict]:
    """One row per table: name, file, title, rows, first and last date, units, source, licence, checksum."""
    rows = []
    for name in available():
        info = meta(name)
        df = load(name)
        dates = [c for c, s in info["columns"].items() if s["type"] == "date"]
        first = last = ""
        if dates:
            allv = pd.concat([df[c] for c in dates]).dropna()
            if len(allv):
                first, last = allv.min().date().isoformat(), allv.max().date().isoformat()
        units = "; ".join(f"{c}: {s['unit']}" for c, s in info["columns"].items() if s.get("unit"))
        rows.append(
            {
                "name": name,
                "file": f"data/{name}.csv",
                "title": info["title"],
                "rows": len(df),
                "first": first,
                "last": last,
                "units": units,
                "source": info["source"],
                "licence": info["licence"],
                "sha256": sha256(DATA_DIR / f"{name}.csv"),
            }
        )
    return rows


def manifest_text() -> str:
    buf = io.StringIO()
    rows = manifest_rows()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_manifest() -> pathlib.Path:
    """Rewrite ``data/manifest.csv`` (atomically) from the tables as they are now."""
    _atomic_write(MANIFEST, manifest_text().encode("utf-8"))
    return MANIFEST


# ------------------------------------------------------------------------------------------------ FRED cache
def parse_fred_csv(text: str, series_id: str | None = None) -> pd.Series:
    """Parse a FRED CSV into a float Series indexed by date.

    Accepts both header styles FRED has used (``observation_date`` and ``DATE``) as well as ``date``; missing
    observations written as ``.`` or left empty become NaN. Raises :class:`DataError` on anything else.
    """
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        raise DataError(f"FRED CSV for {series_id or '?'} is empty")
    header = [h.strip().strip('"') for h in lines[0].split(",")]
    if len(header) < 2 or header[0].lower() not in {"observation_date", "date"}:
        raise DataError(
            f"FRED CSV for {series_id or '?'} has an unexpected header {header[:3]}; "
            "expected observation_date or DATE first (an HTML error page instead of CSV?)"
        )
    name = series_id or header[1]
    df = pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)
    dates = pd.to_datetime(df.iloc[:, 0], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        raise DataError(f"FRED CSV for {name}: unreadable date(s) {df.iloc[:, 0][dates.isna()].head(3).tolist()}")
    raw = df.iloc[:, 1].str.strip()
    values = pd.to_numeric(raw.where(~raw.isin([".", ""])), errors="coerce")
    bad = values.isna() & ~raw.isin([".", ""])
    if bad.any():
        raise DataError(f"FRED CSV for {name}: non-numeric value(s) {raw[bad].head(3).tolist()}")
    return pd.Series(values.to_numpy(dtype=float), index=pd.DatetimeIndex(dates, name="date"), name=name)


def snapshot_info() -> dict:
    """The shipped FRED snapshot's provenance (``data/fred/snapshot.json``): date, licence, one entry per series."""
    try:
        return json.loads(SNAPSHOT_INFO.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"series": {}}
    except ValueError as exc:
        raise DataError(f"{SNAPSHOT_INFO.relative_to(ROOT)} is not valid JSON ({exc}); restore it with git") from None


SNAPSHOT_SOURCE = (
    "Federal Reserve Economic Data (FRED), Federal Reserve Bank of St. Louis; original sources: "
    "Board of Governors of the Federal Reserve System (H.4.1, H.6, H.15), Federal Reserve Bank of "
    "New York (ON RRP), U.S. Bureau of Labor Statistics (CPI, unemployment)"
)
SNAPSHOT_LICENCE = "Public domain (U.S. federal government works; FRED notes no copyright on these series)"


def snapshot_rows() -> dict:
    """Provenance of every CSV in ``data/fred/`` as it is now: title, observations, first/last date, checksum."""
    out = {}
    for path in sorted(SNAPSHOT_DIR.glob("*.csv")):
        series = parse_fred_csv(path.read_text(encoding="utf-8"), path.stem)
        valid = series.dropna()
        out[path.stem] = {
            "title": FRED_SERIES.get(path.stem, ""),
            "observations": int(len(valid)),
            "first": valid.index.min().date().isoformat(),
            "last": valid.index.max().date().isoformat(),
            "sha256": sha256(path),
        }
    return out


def write_snapshot_info(snapshot_date: str | None = None) -> pathlib.Path:
    """Rewrite ``data/fred/snapshot.json`` (atomically) after the snapshot's CSVs changed (maintainers)."""
    old = snapshot_info()
    info = {
        "snapshot_date": snapshot_date or old.get("snapshot_date", ""),
        "source": SNAPSHOT_SOURCE,
        "licence": SNAPSHOT_LICENCE,
        "note": old.get("note", ""),
        "series": snapshot_rows(),
    }
    _atomic_write(SNAPSHOT_INFO, (json.dumps(info, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return SNAPSHOT_INFO


def fred(series_id: str, cache_dir: pathlib.Path | None = None, snapshot_dir: pathlib.Path | None = None) -> pd.Series:
    """A public-domain FRED series: the refreshed cache (``make data``) first, else the dated snapshot shipped in
    ``data/fred/`` (works offline). Raises DataError in zh-TW, saying how to get the series, when neither has it.
    Introduced in 第 0 章 課程導讀."""
    sid = str(series_id).strip().upper()
    for folder in (cache_dir or CACHE_DIR, snapshot_dir or SNAPSHOT_DIR):
        path = folder / f"{sid}.csv"
        if path.exists():
            return parse_fred_csv(path.read_text(encoding="utf-8"), sid)
    shipped = sorted(p.stem for p in (snapshot_dir or SNAPSHOT_DIR).glob("*.csv"))
    raise DataError(
        f"找不到 FRED 序列 {sid}：課程附帶的快照（data/fred/）沒有它，也還沒下載。"
        f"請在終端機執行 `make data`，或在筆記本中執行 `helpers.data.refresh(['{sid}'])`（需要網路）。"
        f"快照裡有：{'、'.join(shipped) or '（無）'}。"
    )


def _atomic_write(path: pathlib.Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _download(url: str, timeout: float = 30.0) -> str:
    req = urllib.request.Request(url, headers={"User-Agent": "qeqt-course/0.1 (teaching kit)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read().decode("utf-8")


def refresh(
    series=None, cache_dir: pathlib.Path | None = None, fetch=None, pause: float = 1.0, progress: bool = True, out=None
) -> dict:
    """Download FRED series into the cache, one id per request, ``pause`` seconds apart.

    Each file is parsed before it is written, and written atomically, so a failed or partial download never
    replaces a good cached copy. Offline, it says so in one line and leaves the cache untouched.
    Returns ``{series_id: "ok" | "offline" | "error: …"}``.
    """
    from tqdm.auto import tqdm

    out = out or sys.stdout
    ids = list(series or FRED_SERIES)
    cache = cache_dir or CACHE_DIR
    fetch = fetch or _download
    status = {}
    bar = tqdm(ids, desc="FRED", unit="series", disable=not progress, file=sys.stderr)
    for i, sid in enumerate(bar):
        if i:
            time.sleep(pause)
        try:
            text = fetch(FRED_URL.format(sid))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            print(f"離線或無法連線 FRED（{reason}）：快取未變動。Offline: cache left as it was.", file=out)
            status.update({s: "offline" for s in ids[i:]})
            break
        try:
            parsed = parse_fred_csv(text, sid)
        except DataError as exc:
            status[sid] = f"error: {exc}"
            print(f"{sid}: {exc}", file=out)
            continue
        _atomic_write(cache / f"{sid}.csv", text.encode("utf-8"))
        status[sid] = "ok"
        bar.set_postfix_str(f"{sid} {len(parsed)} obs")
    bar.close()
    return status


def _main(argv: list[str]) -> int:
    cmd, *rest = argv or ["check"]
    try:
        if cmd == "refresh":
            status = refresh(rest or None)
            ok = sum(v == "ok" for v in status.values())
            print(f"{ok}/{len(status)} series in {CACHE_DIR.relative_to(ROOT)}")
            return 0 if ok == len(status) or "offline" in status.values() else 1
        if cmd == "snapshot":
            print(f"wrote {write_snapshot_info(rest[0] if rest else None).relative_to(ROOT)}")
            return 0
        if cmd == "manifest":
            print(f"wrote {write_manifest().relative_to(ROOT)}")
            return 0
        if cmd == "check":
            for name in available():
                load(name)
            stale = not MANIFEST.exists() or MANIFEST.read_text(encoding="utf-8") != manifest_text()
            if stale:
                print("data/manifest.csv is out of date: run `make manifest`")
                return 1
            if snapshot_info()["series"] != snapshot_rows():
                print("data/fred/snapshot.json does not match data/fred/*.csv: run `python -m helpers.data snapshot`")
                return 1
            print(f"{len(available())} tables valid; manifest up to date")
            return 0
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
