"""Errors a user can cause and act on; the CLI prints them without a traceback."""


class UserError(Exception):
    """A problem in input the user controls (config, files, arguments)."""


class ConfigError(UserError):
    """A bad config file; the message names the file, the key and what was expected."""
