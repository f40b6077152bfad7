"""Guard rails for maintainers (issue 18): a row typed in the wrong unit, out of order, with lower above upper, or
repeating the previous decision is refused with an English message naming the file, the row and the fix."""

import json
import shutil

import pytest

from helpers import data


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of data/ that a test may damage; load() reads it instead of the real one."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("cache", "fred"))
    monkeypatch.setattr(data, "DATA_DIR", folder)
    data.clear_cache()
    yield folder
    data.clear_cache()


def _append(folder, name, line):
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.strip().splitlines()) + 1  # the spreadsheet row of the new line (header = row 1)


def _error(name):
    with pytest.raises(data.DataError) as err:
        data.load(name)
    return str(err.value)


def test_real_decision_tables_pass_their_rules():
    for name in ("fed_funds_target", "fomc_decisions", "taiwan_discount_rate", "hk_base_rate_decisions"):
        info = data.meta(name)
        assert info.get("ordered") or info.get("ranges"), name
        data.check_rules(f"data/{name}.csv", info, data.load(name))  # does not raise


def test_row_out_of_order_names_file_row_and_fix(scratch):
    row = _append(scratch, "fed_funds_target", '2026-01-28,3.75,4.00,"FOMC statement 2026-01-28"')
    msg = _error("fed_funds_target")
    assert "data/fed_funds_target.csv" in msg and f"row {row} (date 2026-01-28)" in msg
    assert f"row {row - 1} (date 2026-09-16)" in msg and "increasing date order" in msg and "move the row" in msg


def test_rate_typed_in_basis_points_is_caught(scratch):
    row = _append(scratch, "fed_funds_target", '2026-12-09,400,425,"FOMC statement 2026-12-09"')
    msg = _error("fed_funds_target")
    assert "data/fed_funds_target.csv" in msg and f"row(s) {row}" in msg
    assert "basis points typed where percent is expected" in msg and "Fix the value or the unit" in msg


def test_rate_off_the_quarter_point_grid_is_caught(scratch):
    row = _append(scratch, "fed_funds_target", '2026-12-09,3.7,3.95,"FOMC statement 2026-12-09"')
    msg = _error("fed_funds_target")
    assert "data/fed_funds_target.csv" in msg and f"at row {row}" in msg
    assert "'lower' value 3.7" in msg and "not a multiple of 0.25" in msg and "nearest step is 3.75" in msg


def test_lower_above_upper_says_swap(scratch):
    row = _append(scratch, "fed_funds_target", '2026-12-09,4.25,4.00,"FOMC statement 2026-12-09"')
    msg = _error("fed_funds_target")
    assert f"data/fed_funds_target.csv: row {row} has lower 4.25 above upper 4" in msg and "swap" in msg


def test_a_hold_typed_as_a_row_is_refused(scratch):
    row = _append(scratch, "fed_funds_target", '2026-12-09,3.75,4.00,"FOMC statement 2026-12-09"')
    msg = _error("fed_funds_target")
    assert f"row {row} repeats the lower/upper of row {row - 1} (3.75/4)" in msg
    assert "changes only" in msg and "delete the row" in msg


def test_cbc_rate_off_the_eighth_point_grid_is_caught(scratch):
    row = _append(scratch, "taiwan_discount_rate", '2026-06-18,2.1,,"CBC press release 2026-06-18"')
    msg = _error("taiwan_discount_rate")
    assert "data/taiwan_discount_rate.csv" in msg and f"at row {row}" in msg
    assert "not a multiple of 0.125" in msg and "nearest step is 2.125" in msg


def test_cbc_rate_typed_as_a_fraction_is_caught(scratch):
    row = _append(scratch, "taiwan_discount_rate", '2026-06-18,0.02125,,"CBC press release 2026-06-18"')
    msg = _error("taiwan_discount_rate")
    assert f"at row {row}" in msg and "not a multiple of 0.125" in msg and "another unit" in msg


def test_cbc_row_out_of_order(scratch):
    row = _append(scratch, "taiwan_discount_rate", '2023-06-15,2.125,,"CBC press release 2023-06-15"')
    msg = _error("taiwan_discount_rate")
    assert f"row {row} (date 2023-06-15) is not after row {row - 1} (date 2024-03-21)" in msg


def _edit_meta(folder, name, fn):
    path = folder / f"{name}.meta.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    fn(info)
    path.write_text(json.dumps(info), encoding="utf-8")


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda i: i.update(ranges=[["lower", "uper"]]), "'ranges' entry"),
        (lambda i: i.update(changes_only=["rate"]), "'changes_only' must list columns"),
        (lambda i: i["columns"]["lower"].update(step=-0.25), "step must be a positive number"),
        (lambda i: i["columns"]["source"].update(step=1), "step must be a positive number"),
        (lambda i: i.update(key=["date", "lower"]), "'ordered' needs a single date or number column"),
    ],
)
def test_a_mistyped_rule_in_the_metadata_is_refused(scratch, change, words):
    _edit_meta(scratch, "fed_funds_target", change)
    msg = _error("fed_funds_target")
    assert "data/fed_funds_target.meta.json" in msg and words in msg


def test_treasury_bill_series_is_listed_but_not_in_the_snapshot(tmp_path):
    assert "DTB3" in data.FRED_SERIES and "H.15" in data.FRED_SERIES["DTB3"]
    assert "DTB3" not in data.snapshot_info()["series"], "if DTB3 was added to data/fred/, drop this line"
    with pytest.raises(data.DataError, match="make data"):
        data.fred("DTB3", cache_dir=tmp_path)
