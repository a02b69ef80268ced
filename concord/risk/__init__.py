"""Case risk. ``engine`` is the pure part (the checklist, text signals, scoring, evaluation),
below ``cases``; this package above it keeps each case's evidence (``models.CaseRisk``),
applies a level to a case (``assessing``) and declares the risk steps (``services``).
"""
