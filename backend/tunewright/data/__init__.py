"""Dataset ingestion: sniff, read, pick roles, profile, validate, clean and normalise.

A library: it never imports the API or the database, so the worker, the API, a CLI and a
notebook can all call it.
"""

from tunewright.data.analyse import analyse_file, analyse_frame
from tunewright.data.clean import clean
from tunewright.data.examples import example_texts
from tunewright.data.normalise import read_normalised, write_normalised
from tunewright.data.profile import TokenCounter, profile_frame
from tunewright.data.read import read_rows
from tunewright.data.roles import detect_roles, validate_roles
from tunewright.data.sniff import sniff
from tunewright.data.types import UnreadableDataError
from tunewright.data.validate import validate

__all__ = [
    "TokenCounter",
    "UnreadableDataError",
    "analyse_file",
    "analyse_frame",
    "clean",
    "detect_roles",
    "example_texts",
    "profile_frame",
    "read_normalised",
    "read_rows",
    "sniff",
    "validate",
    "validate_roles",
    "write_normalised",
]
