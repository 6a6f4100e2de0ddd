"""The declarative base of every model, and the engine and sessions of the app."""
from sqlalchemy.orm import declarative_base

Base = declarative_base()
