"""The pure risk engine: the checklist (factors, weights, levels and critical-factor rules),
text signals in Chinese and English, scoring, and evaluation on labelled texts.

No models, no database: it sits below ``cases`` (a case stores its level as a ``RiskLevel``),
and ``concord.risk`` above it stores and shows assessments and declares the risk steps.
"""
