"""The models of the test application; importing this package registers them all on Base."""

from app.database import Base  # noqa: F401
from app.models.user import User  # noqa: F401
from app.models.conversation import Conversation  # noqa: F401
from app.models.message import Message, MessageRole  # noqa: F401
from app.models.analytics import DailyUsage  # noqa: F401
