"""helpers.display.tidy: dates without times, "—" for missing values, numbers untouched."""
import numpy as np
import pandas as pd

from helpers.display import MISSING, tidy


def test_tidy_formats_dates_and_missing_values():
    df = pd.DataFrame({"date": pd.to_datetime(["2020-03-15", None]), "x": [1.5, np.nan], "n": [1, 2],
                       "t": ["a", None]})
    out = tidy(df)
    assert list(out["date"]) == ["2020-03-15", MISSING]
    assert list(out["x"]) == [1.5, MISSING] and list(out["t"]) == ["a", MISSING]
    assert out["n"].dtype == df["n"].dtype
    text = out.to_string()
    assert "NaN" not in text and "NaT" not in text and "00:00:00" not in text
    assert df["x"].isna().sum() == 1  # the input is not modified
