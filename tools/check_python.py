"""Fail early, in one line, when the interpreter is too old for the course (run by the Makefile)."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 (this file runs on any Python, to say it is too old)
    sys.exit(
        f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}. "
        "Install a newer Python, or run: make PYTHON=python3.11 test"
    )
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError:
    sys.exit("Python's venv module is missing. On Debian/Ubuntu: sudo apt-get install python3-venv")
