from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, func

from app.database import Base


class DailyUsage(Base):
    """Usage counters in a schema of their own (create_all does not create schemas)."""

    __tablename__ = "daily_usage"
    __table_args__ = (
        Index("ix_daily_usage_user_day", "user_id", "day", unique=True),
        {"schema": "analytics", "comment": "messages per user and day"},
    )

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    day = Column(Date, nullable=False, server_default=func.current_date())
    messages = Column(Integer, nullable=False, server_default="0")
    source = Column(String(20))
