"""Outbreak detectors over count series, pure NumPy, vectorised across series.

Every detector takes a 2-D array of counts (one row per series, one column per time step)
and the first column to evaluate, and returns a ``Detection`` for the columns from there on.

The detectors by name, with one signature, are in ``registry``.
"""
