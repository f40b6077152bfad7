"""Teacher tools: batch grading (``grade``, ``sandbox``, ``worker``, ``wire``), the student release and the
generated exercise notebooks. ``python -m helpers.grade``, ``python -m helpers.release`` and
``python -m helpers.make_exercises`` keep working. Nothing here is imported by the learner's side."""
