"""Who may do what: accounts, roles, passwords and the one object (``Access``) that holds the rules."""
