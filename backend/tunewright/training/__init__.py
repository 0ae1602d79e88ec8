"""Training library: plans, workflows per kind, progress, evaluation (no web or database code)."""
