from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, func

from app.core.database import Base


class AuditEvent(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_audit_events_occurred_at", "occurred_at"), {"schema": "audit"})

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=True)
    action = Column(String(100), nullable=False)
    occurred_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
