"""Use cases that combine the ML library, storage and the database (called by api/ and cli)."""
