"""Early warning: detectors over counts of disputes, and (later) the alerts they raise."""
