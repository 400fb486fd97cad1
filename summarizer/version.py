"""The package version, in one place (read by pyproject through hatch, and by --version)."""

__version__ = "0.2.0"
