"""Moved to ``helpers.teacher.make_exercises``; this name keeps ``python -m helpers.make_exercises``, ``make`` and old imports working
(importing it gives the very same module object, so patches and attributes behave as before)."""

import sys

from helpers.teacher import make_exercises as _module

if __name__ == "__main__":
    sys.exit(_module.main())
else:
    sys.modules[__name__] = _module
