"""Serving: predictors per model kind, the model cache, deployments' request accounting."""
