"""The engine's one-line errors."""


class UserError(Exception):
    """A problem with the configuration or the data: reported in one line, exit code 2."""
