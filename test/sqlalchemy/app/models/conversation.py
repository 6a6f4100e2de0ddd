from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, Sequence, String, func
from sqlalchemy.orm import relationship

from app.database import Base


class Conversation(Base):
    __tablename__ = "conversations"

    id = Column(Integer, primary_key=True, index=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    title = Column(String(200), nullable=False, server_default="New chat")
    ticket = Column(BigInteger, Sequence("conversation_ticket_seq"))
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)

    user = relationship("User")
