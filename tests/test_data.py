"""The data layer: contract tables, validation messages, FRED parsing and refresh, checks against reference data."""

import shutil

import pandas as pd
import pytest

from helpers import data
from tests.conftest import read_reference

CONTRACT = {
    "fed_balance_sheet_milestones": ["date", "total_assets_usd_bn", "event", "source"],
    "qt_caps": ["effective_date", "treasury_cap_usd_bn", "mbs_cap_usd_bn", "source"],
    "fed_programs": ["name", "kind", "announced", "start", "end", "description", "source"],
    "fed_funds_target": ["date", "lower", "upper", "source"],
    "taiwan_discount_rate": ["date", "rate", "source"],
    "fomc_decisions": ["date", "lower", "upper", "change_bp", "source"],
    "hk_base_rate_decisions": ["date", "fed_funds_lower_pct", "hibor_avg_pct", "base_rate_pct", "source"],
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_tables_have_their_columns(name):
    df = data.load(name)
    assert list(CONTRACT[name]) == [c for c in df.columns if c in CONTRACT[name]]
    assert len(df) > 5
    assert (df["source"].str.len() > 10).all()


def test_every_table_loads_and_names_source_and_licence():
    for name in data.available():
        info = data.meta(name)
        assert info["source"] and info["licence"]
        assert (data.load(name)["source"].str.strip() != "").all()


def test_manifest_up_to_date():
    assert data.MANIFEST.read_text(encoding="utf-8") == data.manifest_text(), "run `make manifest`"


def test_load_returns_a_copy():
    a = data.load("qt_caps")
    a.loc[0, "treasury_cap_usd_bn"] = -1
    assert data.load("qt_caps").loc[0, "treasury_cap_usd_bn"] == 6


def test_qt_caps_full_history():
    caps = data.load("qt_caps").set_index("effective_date")
    assert caps.index.is_monotonic_increasing
    assert caps.loc["2017-10-01"].tolist()[:2] == [6, 4]
    assert caps.loc["2018-10-01"].tolist()[:2] == [30, 20]
    assert caps.loc["2022-06-01"].tolist()[:2] == [30, 17.5]
    assert caps.loc["2022-09-01"].tolist()[:2] == [60, 35]
    assert caps.loc["2024-06-01"].tolist()[:2] == [25, 35]
    assert caps.loc["2025-04-01"].tolist()[:2] == [5, 35]
    assert caps.loc["2025-12-01"].tolist()[:2] == [0, 0]


def test_fed_funds_ranges_are_quarter_points_and_ordered():
    ff = data.load("fed_funds_target")
    assert ff["date"].is_monotonic_increasing
    assert (ff["upper"] >= ff["lower"]).all()
    ranged = ff[ff["date"] >= "2008-12-16"]
    assert ((ranged["upper"] - ranged["lower"]).round(4) == 0.25).all()
    assert (ff["lower"].diff().dropna() != 0).all(), "every row must be a change"


def test_taiwan_rate_changes_are_changes():
    tw = data.load("taiwan_discount_rate")
    assert tw["date"].is_monotonic_increasing
    assert (tw["rate"].diff().dropna() != 0).all()
    assert tw.set_index("date").loc["2009-02-18", "rate"] == 1.25
    assert tw.set_index("date").loc["2020-03-19", "rate"] == 1.125


# ------------------------------------------------------------------------------------------- validation
@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of data/ that a test may damage; load() reads it instead of the real one."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.setattr(data, "DATA_DIR", folder)
    data.clear_cache()
    yield folder
    data.clear_cache()


def _edit(folder, name, fn):
    path = folder / f"{name}.csv"
    path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_unknown_name_lists_the_choices():
    with pytest.raises(data.DataError, match="可用的資料集.*qt_caps"):
        data.load("qt_cap")


def test_corrupt_file_names_file(scratch):
    _edit(scratch, "qt_caps", lambda t: t + '2026-01-01,1,2,"unclosed\n')
    with pytest.raises(data.DataError, match=r"data/qt_caps\.csv"):
        data.load("qt_caps")


def test_missing_column_names_it(scratch):
    _edit(scratch, "qt_caps", lambda t: t.replace("mbs_cap_usd_bn", "mbs_cap", 1))
    with pytest.raises(data.DataError, match=r"qt_caps\.csv lacks column.*mbs_cap_usd_bn"):
        data.load("qt_caps")


def test_duplicated_date(scratch):
    _edit(scratch, "fed_funds_target", lambda t: t + "2025-12-10,3.50,3.75,FOMC statement 2025-12-10\n")
    with pytest.raises(data.DataError, match=r"duplicated date at row\(s\) .*42"):
        data.load("fed_funds_target")


def test_amount_in_millions_is_caught(scratch):
    _edit(scratch, "fed_balance_sheet_milestones", lambda t: t.replace("2022-04-13,8965,", "2022-04-13,8965487,"))
    with pytest.raises(data.DataError, match="1,000 times too large: millions"):
        data.load("fed_balance_sheet_milestones")


def test_rate_as_fraction_is_caught(scratch):
    _edit(scratch, "taiwan_discount_rate", lambda t: t.replace("2024-03-21,2.0,", "2024-03-21,-0.02,"))
    with pytest.raises(data.DataError, match="outside the plausible range"):
        data.load("taiwan_discount_rate")


def test_bad_date_and_blank_source(scratch):
    _edit(scratch, "qt_caps", lambda t: t.replace("2018-01-01", "01/01/2018", 1))
    with pytest.raises(data.DataError, match="YYYY-MM-DD"):
        data.load("qt_caps")
    data.clear_cache()
    _edit(
        scratch,
        "qt_caps",
        lambda t: (
            t.replace("01/01/2018", "2018-01-01", 1)
            .replace('"FOMC statement 2019-07-31"', '""')
            .replace("FOMC statement 2019-07-31", "")
        ),
    )
    with pytest.raises(data.DataError, match="no source"):
        data.load("qt_caps")


def test_broken_meta_json(scratch):
    (scratch / "qt_caps.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(data.DataError, match="qt_caps.meta.json is not valid JSON"):
        data.load("qt_caps")


# ---------------------------------------------------------------------------------------------- FRED
NEW_FORMAT = "observation_date,WALCL\n2020-01-01,4173626\n2020-01-08,.\n2020-01-15,\n2020-01-22,4157532.5\n"
OLD_FORMAT = "DATE,DGS10\n2020-01-02,1.88\n2020-01-03,.\n2020-01-06,1.81\n"


def test_parse_new_and_old_fred_formats():
    s = data.parse_fred_csv(NEW_FORMAT, "WALCL")
    assert s.name == "WALCL" and len(s) == 4 and s.isna().sum() == 2
    assert s.iloc[-1] == 4157532.5
    t = data.parse_fred_csv(OLD_FORMAT)
    assert t.name == "DGS10" and t.index[0] == pd.Timestamp("2020-01-02") and pd.isna(t.iloc[1])


@pytest.mark.parametrize(
    "text", ["", "<html>error</html>", "observation_date,X\n2020-13-01,1\n", "observation_date,X\n2020-01-01,abc\n"]
)
def test_parse_rejects_garbage(text):
    with pytest.raises(data.DataError):
        data.parse_fred_csv(text, "X")


def test_refresh_writes_atomically_and_paces(tmp_path, monkeypatch):
    calls, sleeps = [], []
    monkeypatch.setattr(data.time, "sleep", sleeps.append)

    def fetch(url):
        calls.append(url)
        return NEW_FORMAT if "WALCL" in url else "<html>oops</html>"

    good = tmp_path / "DGS10.csv"
    good.write_text(OLD_FORMAT, encoding="utf-8")
    status = data.refresh(
        ["WALCL", "DGS10"], cache_dir=tmp_path, fetch=fetch, progress=False, out=open("/dev/null", "w")
    )
    assert status["WALCL"] == "ok" and status["DGS10"].startswith("error")
    assert calls == [data.FRED_URL.format("WALCL"), data.FRED_URL.format("DGS10")]
    assert sleeps == [1.0]
    assert good.read_text(encoding="utf-8") == OLD_FORMAT, "a bad download must not replace a good copy"
    assert data.fred("WALCL", cache_dir=tmp_path).iloc[0] == 4173626
    assert not list(tmp_path.glob(".*.tmp"))


def test_refresh_offline_says_so_once_and_leaves_cache(tmp_path, capsys):
    import urllib.error

    (tmp_path / "WALCL.csv").write_text(NEW_FORMAT, encoding="utf-8")

    def fetch(url):
        raise urllib.error.URLError("no network")

    status = data.refresh(["WALCL", "DGS10"], cache_dir=tmp_path, fetch=fetch, progress=False)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "Offline" in out[0]
    assert set(status.values()) == {"offline"}
    assert (tmp_path / "WALCL.csv").read_text(encoding="utf-8") == NEW_FORMAT


def test_fred_empty_cache_and_snapshot_says_how_to_fill(tmp_path):
    with pytest.raises(data.DataError, match="make data"):
        data.fred("WALCL", cache_dir=tmp_path, snapshot_dir=tmp_path)


def test_parser_reads_reference_files(reference):
    s = read_reference(reference, "WALCL")
    assert len(s) > 500 and s.index.is_monotonic_increasing


# ------------------------------------------------------------------------------- against real series
def test_milestones_within_one_percent_of_walcl(reference):
    walcl = read_reference(reference, "WALCL") / 1000  # millions → billions
    for row in data.load("fed_balance_sheet_milestones").itertuples():
        if row.date > walcl.index.max():
            continue
        assert row.date in walcl.index, f"{row.date.date()} is not an H.4.1 Wednesday"
        actual = walcl[row.date]
        assert abs(row.total_assets_usd_bn / actual - 1) < 0.01, (row.date, row.total_assets_usd_bn, actual)


def test_fed_funds_target_matches_effective_rate(reference):
    """In every month with no target change, the monthly effective rate lies inside the target range (±10 bp).

    From 2009: in late 2008 the effective rate fell far below the point target (reserves flooded the market before
    interest on reserves could hold it up), which is history, not a data error."""
    effr = read_reference(reference, "FEDFUNDS")
    ff = data.load("fed_funds_target").set_index("date")
    checked = 0
    for month, rate in effr["2009-01":].items():
        end = month + pd.offsets.MonthEnd(0)
        changes = ff[(ff.index >= month) & (ff.index <= end)]
        if len(changes):
            continue
        prior = ff[ff.index < month]
        if prior.empty:
            continue
        lo, hi = prior.iloc[-1]["lower"], prior.iloc[-1]["upper"]
        assert lo - 0.10 <= rate <= hi + 0.10, (month.date(), rate, lo, hi)
        checked += 1
    assert checked > 140
