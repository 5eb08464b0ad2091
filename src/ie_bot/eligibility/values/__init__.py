"""Reading the values a student states: one parser per value, used two ways.

Each module reads one value (``degree``, ``english``, ``ects``, ``origin`` for
citizenship and a Nordic bachelor's, ``start`` for the year to begin) with one function
and a ``stated`` switch:

- ``stated=False``: the answer to the check's own question, where a bare "yes" or "10"
  means something because we just asked for it;
- ``stated=True``: a value said in passing, in any message ("civil engineering bachelor,
  12 ects of statistics, toefl 92: can I get into both?"), which needs its cue word
  (a test name, "ECTS", "bachelor") before it counts.

``ie_bot.eligibility.extract`` runs every parser in the second mode: the one extractor
the engine uses.
"""
