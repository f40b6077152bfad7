"""helpers.inputs: the shared argument checks say, in Chinese, what was expected and what was given."""

import datetime as dt

import pandas as pd
import pytest

from helpers import inputs


@pytest.mark.parametrize("value,expected", [(3, 3.0), (2.5, 2.5), ("4", 4.0), (pd.Series([1.5]).iloc[0], 1.5)])
def test_number_accepts_numbers(value, expected):
    assert inputs.number(value, "金額") == expected


@pytest.mark.parametrize(
    "value,fragment",
    [
        ("abc", "金額要是數字"),
        (None, "金額要是數字"),
        (True, "金額要是數字"),
        (float("nan"), "有限"),
        (float("inf"), "有限"),
    ],
)
def test_number_rejects_non_numbers(value, fragment):
    with pytest.raises(ValueError, match=fragment):
        inputs.number(value, "金額")


def test_number_ranges():
    assert inputs.number(0, "比重", low=0, high=1) == 0
    with pytest.raises(ValueError, match="比重要在 0 到 1 之間，你給的是 60"):
        inputs.number(60, "比重", low=0, high=1)
    with pytest.raises(ValueError, match="不小於 0"):
        inputs.number(-1, "上限", low=0)
    with pytest.raises(ValueError, match="不大於 5"):
        inputs.number(6, "上限", high=5)


def test_dates_and_months():
    assert inputs.date("2019-07-31") == pd.Timestamp("2019-07-31")
    assert inputs.date(dt.datetime(2019, 7, 31, 15, 30)) == pd.Timestamp("2019-07-31")
    assert inputs.month("2022-06-15") == pd.Timestamp("2022-06-01")
    with pytest.raises(ValueError, match="看不懂起始月份「六月」"):
        inputs.month("六月", "起始月份")
    with pytest.raises(ValueError, match="不能是空的"):
        inputs.date(None)
