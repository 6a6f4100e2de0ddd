"""The declarative base every model of the test application derives from."""

from sqlalchemy.orm import declarative_base

Base = declarative_base()
