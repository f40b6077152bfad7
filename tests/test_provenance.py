"""helpers.provenance (第 0 章): secondary-sourced rows are found, primary ones are not."""

import pytest

from helpers import provenance


@pytest.mark.parametrize(
    "text, verified, expected",
    [
        ("FOMC statement 2025-10-29", None, False),
        ("BLS CPI-U news release for July 2009", None, False),
        ("HKMA press conference 2005-05-18, news.gov.hk 2005-05-18", None, False),
        ("New York Fed results as reported by Reuters (2025-12-31)", None, True),
        ("H.4.1 week ended Oct 22, 2025 (as reported by Bloomberg)", None, True),
        ("ECB press release 2015-01-22", "secondary", True),
        ("ECB press release 2015-01-22", "yes", False),
    ],
)
def test_is_secondary(text, verified, expected):
    assert provenance.is_secondary(text, verified) is expected


def test_secondary_rows_lists_the_floor_system_2025_rows():
    t = provenance.secondary_rows()
    row = t.set_index("資料表").loc["qt_floor_system"]
    assert row["次級來源列數"] == 2 and row["列數"] == 3
    assert (t["次級來源列數"] <= t["列數"]).all() and (t["次級來源列數"] > 0).all()
    assert "fed_funds_target" not in set(t["資料表"])
