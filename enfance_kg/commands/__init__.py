"""The CLI commands, one module per concern; each stays a thin layer over plain functions."""
