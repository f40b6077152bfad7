import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "data" / "reference"


@pytest.fixture
def reference():
    """Folder of real FRED series for validation; the test is skipped when it is absent (a learner's clone)."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/data/reference is absent")
    return REFERENCE


def read_reference(folder, series_id):
    import pandas as pd

    from helpers.data import parse_fred_csv
    return parse_fred_csv((folder / f"{series_id}.csv").read_text(encoding="utf-8"), series_id).dropna() \
        if (folder / f"{series_id}.csv").exists() else pd.Series(dtype=float)
