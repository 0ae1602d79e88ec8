"""Natural-language settings and commands: offline rules always, Claude when configured.

A library (no web or database imports): the service hands it plain candidates and context, and
it answers with proposals — changes and REST actions the UI applies after the user confirms.
"""
