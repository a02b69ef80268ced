"""Evaluating outbreak detectors: the simulated series of Noufaily et al. (2013) and the measures of performance.

``simulation`` makes the series (baseline counts plus past and current outbreaks, vectorised over
replicates) and ``measures`` turns a detector's alarms into false-positive rate, probability of
detection, sensitivity and timeliness. The benchmark script ``bench/early_warning_sim.py`` drives both.
"""
