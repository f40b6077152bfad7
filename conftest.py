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
