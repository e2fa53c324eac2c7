"""Typer commands: thin adapters that parse options, call the layers below and set exit codes."""
