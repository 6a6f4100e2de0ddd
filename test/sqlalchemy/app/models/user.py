from sqlalchemy import Column, DateTime, Integer, String, func

from app.database import Base


class User(Base):
    __tablename__ = "users"
    __table_args__ = {"comment": "people who chat"}

    id = Column(Integer, primary_key=True, index=True)
    username = Column(String(50), unique=True, index=True, nullable=False)
    email = Column(String(100), unique=True, index=True, comment="login address")
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    # pgmig-test: new columns go here
