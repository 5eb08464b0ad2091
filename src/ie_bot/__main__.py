"""Allow ``python -m ie_bot``."""

from ie_bot.cli import main

raise SystemExit(main())
