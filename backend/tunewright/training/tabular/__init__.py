"""Tables (a target column plus feature columns): automatic scikit-learn model search."""
