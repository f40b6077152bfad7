"""Root pytest configuration: shared by tests/ and by nbval over notebooks/ and solutions/."""

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent

# Learners' progress file must not be touched by test runs (notebook kernels inherit this).
os.environ.setdefault("QEQT_PROGRESS_FILE", "off")


def pytest_configure(config):
    # nbval resolves --nbval-sanitize-with against the working directory; make it absolute so the suite
    # can be started from anywhere (and by xdist workers).
    path = getattr(config.option, "sanitize_with", None)
    if path and not os.path.isabs(path):
        config.option.sanitize_with = str(ROOT / path)
    config.addinivalue_line("markers", "slow: takes more than a few seconds (notebook execution, servers)")


def pytest_ignore_collect(collection_path, config):
    # Checkpoints and generated exercises are never collected as nbval tests (exercises are run by tests/);
    # neither are the sample submissions in tests/fixtures/ (some are broken on purpose; tests/test_grade.py grades them).
    parts = set(collection_path.parts)
    return bool({".ipynb_checkpoints", ".venv", "exercises", "build", "dist", "fixtures"} & parts) or None


# The heaviest test files first, by the seconds each took in a full run on 2 cores (`pytest --durations`,
# 2026-12-02, after the learner-path and present trims). `make test` runs xdist with --dist loadfile and
# --no-loadscope-reorder, so files are handed out in this order: the long browser and server files start at once
# and the many short files fill in around them, instead of a browser file starting last while the other worker
# idles (xdist's default order, by number of tests per file, did exactly that: 3 min idle in a 15 min run).
# Only the order depends on these numbers; a stale or missing entry costs balance, never correctness.
HEAVY_FIRST = {
    "tests/browser/test_widgets_browser.py": 240,
    "tests/test_book.py": 127,
    "tests/browser/test_learner_path.py": 120,
    "tests/test_hostile.py": 87,
    "tests/test_release.py": 83,
    "tests/test_hub.py": 82,
    "tests/test_grade.py": 72,
    "tests/test_launch.py": 65,
    "tests/test_gate.py": 54,
    "tests/browser/test_present.py": 45,
    "tests/test_history.py": 13,
    "tests/test_book_slides.py": 13,
}


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: -HEAVY_FIRST.get(item.nodeid.split("::")[0], 0))  # stable: the rest keep their order
