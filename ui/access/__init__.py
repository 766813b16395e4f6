"""Logging in, the accounts screen, the idle lock and the audit browser."""
