"""The dragonai models; importing this package registers all of them on Base.metadata."""
from app.core.database import Base  # noqa: F401
from app.models import analytics, audit, conversation, message, user  # noqa: F401
