"""environment.yml, pyproject.toml and requirements.lock describe the same stack."""

import pathlib
import re

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]
    return {r.name.lower(): r for r in reqs}


def _environment():
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*-\s*([A-Za-z0-9_.-]+)\s*={1,2}\s*([0-9][0-9.]*)\s*(#.*)?$", line)
        if m:
            assert m.group(3), f"environment.yml: say why {m.group(1)} is there, in a comment"
            pins[m.group(1).lower()] = m.group(2)
    return pins


def _lock(python="3.11"):
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)(?:\s*;\s*(.*))?$", line)
        if not m:
            continue
        marker = m.group(3)
        if marker:
            from packaging.markers import Marker

            if not Marker(marker).evaluate({"python_full_version": python + ".0", "python_version": python}):
                continue
        pins[m.group(1).lower()] = m.group(2)
    return pins


def test_same_packages():
    env = {k for k in _environment() if k != "python"}
    assert env == set(_pyproject()), "environment.yml and pyproject.toml list different packages"


def test_environment_pins_inside_pyproject_ranges_and_match_lock():
    reqs, lock = _pyproject(), _lock()
    for name, minor in _environment().items():
        if name == "python":
            continue
        assert reqs[name].specifier.contains(
            Version(minor + ".0") if minor.count(".") == 1 else Version(minor), prereleases=False
        ) or reqs[name].specifier.contains(Version(lock[name])), f"{name}={minor} outside pyproject {reqs[name]}"
        locked = lock[name]
        assert locked == minor or locked.startswith(minor + "."), f"{name}: environment.yml {minor}, lock {locked}"


def test_lock_covers_pyproject():
    lock = _lock()
    for name, req in _pyproject().items():
        assert name in lock, f"{name} missing from requirements.lock: run `make lock`"
        assert req.specifier.contains(Version(lock[name])), f"lock {name}=={lock[name]} outside {req}"
