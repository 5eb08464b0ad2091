"""ie-bot: an advising bot for prospective MSc Industrial Ecology students."""

__version__ = "0.1.0"
