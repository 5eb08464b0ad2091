"""ie-bot on Telegram: a thin python-telegram-bot adapter over the ``Advisor``.

``settings`` reads the environment, ``app`` assembles and runs PTB's Application,
``webhook`` serves the webhook and ``/healthz``, ``handlers`` holds the callbacks,
``render`` turns replies into messages and keyboards.
"""

from ie_bot.adapters.telegram.app import TelegramBot
from ie_bot.adapters.telegram.settings import SettingsError, TelegramSettings, load_settings

__all__ = ["SettingsError", "TelegramBot", "TelegramSettings", "load_settings"]
