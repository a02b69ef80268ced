"""Case risk assessment: a weighted checklist, text signals that prefill it, and the evidence.

``factors`` (the checklist, weights, levels and critical-factor rules), ``lexicon`` and
``text`` (text signals), ``scoring.assess`` (the engine), ``evaluation`` (accuracy on
labelled texts). No models: the lead stores and shows assessments.
"""
