"""Binds every feature file under features/ as pytest tests: a new feature needs no new module."""

from pytest_bdd import scenarios

scenarios(".")
