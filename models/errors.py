"""Errors a user can fix: each carries a Vietnamese message saying what is wrong and what to do."""


class UserError(Exception):
    """A problem with the user's input or file; the message is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
