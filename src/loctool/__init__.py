"""loctool: offline translation workflow for gettext catalogs."""

__version__ = "0.1.0"
