"""helpers.display (table, number, dates, tidy) and the learner-facing reprs of the helpers' result types."""

import numpy as np
import pandas as pd
import pytest

from helpers import display
from helpers.display import MISSING, tidy
from helpers.qe import YieldRange
from helpers.runoff import MaturityProfile


def test_number_rounds_and_marks_missing():
    assert display.number(-13.599999999999998, 1) == "-13.6"
    assert display.number(1234567.891, 0) == "1,234,568"
    assert display.number(-0.0001) == "0.00"
    assert display.number(float("nan")) == display.number(None) == display.number(pd.NA) == "—"


def test_dates_and_ranges_read_as_dates():
    assert display.date_text(pd.Timestamp("2008-01-01"), "month") == "2008-01"
    assert display.date_text(pd.NaT) == "—"
    assert display.date_range_text("2008-01-01", "2026-06-30", "month") == "2008-01 至 2026-06"


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "日期": pd.to_datetime(["2008-11-25", None, "2020-03-15"]),
            "事件": ["聯準會宣布第一輪量化寬鬆，購買機構債與房貸擔保證券，說明文字很長很長很長很長", "無", None],
            "規模": [600.0, np.nan, 13.599999999999998],
            "次數": [1, 2, 3],
        }
    )


def test_table_text_has_no_nan_nat_dtype_or_float_noise(frame):
    text = str(display.table(frame, digits=1))
    assert "NaN" not in text and "NaT" not in text and "dtype" not in text and "None" not in text
    assert "13.6" in text and "13.59999" not in text and "2008-11-25" in text and "—" in text
    series = str(display.table(pd.Series([1.23456, np.nan], name="x")))
    assert "dtype" not in series and "1.23" in series and "—" in series


def test_table_html_left_aligns_and_wraps_chinese_text(frame):
    html = display.table(frame, digits=1)._repr_html_()
    cell = html.split("聯準會宣布")[0].rsplit("<td", 1)[1]
    assert "text-align:left" in cell and "white-space:normal" in cell and "max-width" in cell
    number_cell = html.split(">600.0<")[0].rsplit("<td", 1)[1]
    assert "text-align:right" in number_cell
    assert "NaN" not in html and "NaT" not in html


def test_monthly_dates_show_as_months():
    s = pd.Series([1.0, 2.0, 3.0], index=pd.date_range("2020-01-01", periods=3, freq="MS"))
    assert "2020-02" in str(display.table(s)) and "2020-02-01" not in str(display.table(s))


def test_table_rejects_what_it_cannot_read_in_chinese():
    with pytest.raises(TypeError, match="DataFrame"):
        display.table(object())


def test_result_types_read_as_sentences():
    text = repr(YieldRange(-70.0, -13.599999999999998))
    assert "YieldRange(" not in text and "-70" in text and "-14" in text and "基點" in text
    assert repr(MaturityProfile(0.01, 0.0792)) == "到期假設：公債每月到期 1.0%，MBS 每年償還 7.9%"


def test_tidy_formats_dates_and_missing_values():
    df = pd.DataFrame({"date": pd.to_datetime(["2020-03-15", None]), "x": [1.5, np.nan], "n": [1, 2], "t": ["a", None]})
    out = tidy(df)
    assert list(out["date"]) == ["2020-03-15", MISSING]
    assert list(out["x"]) == [1.5, MISSING] and list(out["t"]) == ["a", MISSING]
    assert out["n"].dtype == df["n"].dtype
    text = out.to_string()
    assert "NaN" not in text and "NaT" not in text and "00:00:00" not in text
    assert df["x"].isna().sum() == 1  # the input is not modified
