"""The guided eligibility check: rules as data, a step table, and a verdict.

- ``models`` / ``criteria``: the rules of ``knowledge/eligibility/*.yml`` (generic
  criterion kinds with parameters, each checking a profile by itself).
- ``profile``: a student's answers, each optional, and the score scales.
- ``verdict`` / ``render``: ``evaluate(kb, profile)`` and its plain-text form.
- ``steps`` / ``answers`` / ``words``: the questions (one table) and how free text
  answers them.
- ``flow``: ``begin`` / ``advance`` / ``reprompt``, called by the engine.

Nothing is imported here, so ``knowledge.models`` can import ``models`` cheaply.
"""
