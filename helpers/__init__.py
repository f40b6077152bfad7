"""Helpers for the QE/QT course: one concept per module.

Layers, lowest first (tests/test_architecture.py enforces the order; docs/MAINTAINING.md explains it):
base (inputs, vocab, limits, data) ← models (timeline, balance_sheet, runoff, qe, bonds, …, portfolio) ← style ←
marking (the engine) ← exercises (the registry) ← checks (the learner's façade) ← widgets ← teacher tools (grade,
release, make_exercises). ``__version__`` below is the kit's one version (pyproject.toml reads it).
"""

__version__ = "0.2.1"
