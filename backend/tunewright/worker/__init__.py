"""The out-of-process runner: claim queued runs, heartbeat, run each in a child, recover."""
