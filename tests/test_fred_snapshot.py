"""The dated FRED snapshot shipped in data/fred/: provenance, checksums, offline reading, cache precedence."""

import json

import pytest

from helpers import data


def test_snapshot_provenance_matches_files():
    info = data.snapshot_info()
    assert info["snapshot_date"] and "Public domain" in info["licence"] and "FRED" in info["source"]
    assert info["series"] == data.snapshot_rows(), "run `python -m helpers.data snapshot` after changing data/fred/"
    assert {"WALCL", "RRPONTSYD", "DGS10", "DGS2", "T10YIE", "CPIAUCSL", "M2SL", "FEDFUNDS", "UNRATE"} <= set(
        info["series"]
    )


def test_every_snapshot_series_has_a_title():
    for sid in data.snapshot_info()["series"]:
        assert data.FRED_SERIES.get(sid), f"{sid} has no entry in helpers.data.FRED_SERIES"


def test_fred_reads_snapshot_offline(tmp_path):
    walcl = data.fred("WALCL", cache_dir=tmp_path)  # empty cache: falls back to the snapshot
    assert walcl.index.is_monotonic_increasing and walcl.name == "WALCL"
    assert 4_000_000 < walcl.loc["2015-01-07"] < 5_000_000  # USD millions, QE3 plateau
    assert walcl.index.max().year == 2026


def test_cache_comes_before_snapshot(tmp_path):
    (tmp_path / "DGS10.csv").write_text("observation_date,DGS10\n2030-01-02,9.99\n", encoding="utf-8")
    s = data.fred("dgs10", cache_dir=tmp_path)
    assert list(s) == [9.99]


def test_missing_series_says_what_to_do(tmp_path):
    with pytest.raises(data.DataError) as err:
        data.fred("NOSUCHSERIES", cache_dir=tmp_path)
    msg = str(err.value)
    assert "make data" in msg and "NOSUCHSERIES" in msg and "WALCL" in msg


def test_snapshot_agrees_with_validation_copy(shared_reference):
    for path in sorted(shared_reference.glob("*.csv")):
        ours = data.SNAPSHOT_DIR / path.name
        if ours.exists():
            assert (
                data.parse_fred_csv(ours.read_text("utf-8"))
                .dropna()
                .equals(data.parse_fred_csv(path.read_text("utf-8")).dropna())
            ), path.name


def test_corrupt_snapshot_info_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "snapshot.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(data, "SNAPSHOT_INFO", bad)
    monkeypatch.setattr(data, "ROOT", tmp_path)
    with pytest.raises(data.DataError, match="not valid JSON"):
        data.snapshot_info()
    assert json.loads('{"ok": 1}')
