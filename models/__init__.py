"""The domain of Sổ Chi Bộ and its storage, in plain Python (no Qt, no reportlab)."""

# The program's version: the one source of truth. setup.cfg reads it (version = attr: models.__version__), the
# About box and `check` show it, and every data file records which version last wrote it (models.storage.db).
__version__ = "0.1.0"
