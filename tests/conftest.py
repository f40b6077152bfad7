import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def find_shared():
    """The maintainers' ../shared folder (beside the clone, or beside a worktree's parent); None for learners."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "DESIGN.md").exists():
            return base / "shared"
    return None


SHARED = find_shared()
REFERENCE = SHARED / "data" / "reference" if SHARED else ROOT / "no-shared-folder"


@pytest.fixture
def reference():
    """Folder of real FRED series for validation: the kit's own dated snapshot (data/fred/), which every clone has,
    so these checks never skip. tests/test_fred_snapshot.py checks it against the maintainers' copy in ../shared."""
    return ROOT / "data" / "fred"


@pytest.fixture
def shared_reference():
    """The maintainers' validation copy of the FRED series; skipped where ../shared is absent (a learner's clone)."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/data/reference is absent")
    return REFERENCE


def read_reference(folder, series_id):
    import pandas as pd

    from helpers.data import parse_fred_csv

    return (
        parse_fred_csv((folder / f"{series_id}.csv").read_text(encoding="utf-8"), series_id).dropna()
        if (folder / f"{series_id}.csv").exists()
        else pd.Series(dtype=float)
    )
