"""The guided eligibility check: rules as data, a step table, and a verdict.

- ``models`` / ``criteria``: the rules of ``knowledge/eligibility/*.yml`` (generic
  criterion kinds with parameters, each checking a profile by itself).
- ``profile``: a student's answers, each optional, and the score scales.
- ``verdict`` / ``render``: ``evaluate(kb, profile)`` and its plain-text form.
- ``values`` / ``words``: one parser per value (degree, English test, ECTS, citizenship
  and a Nordic bachelor's, start year), reading both the check's answers and values said
  in passing; ``extract`` runs them all on any message (the engine's one extractor).
- ``steps``: the questions, as one table.
- ``flow`` / ``state`` / ``prefill``: ``begin`` (optionally pre-filled with stated values) /
  ``advance`` / ``reprompt``, called by the engine.

Nothing in this package imports the engine.

Nothing is imported here, so ``knowledge.models`` can import ``models`` cheaply.
"""
