"""The one shape of an id in the knowledge base (intents, facts, programmes, criteria).

It lives apart from the models so that both the knowledge models and the
eligibility criteria (which the knowledge models import) can use it.
"""

from typing import Annotated

from pydantic import Field

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
