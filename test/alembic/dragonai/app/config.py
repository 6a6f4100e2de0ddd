"""Settings of the dragonai app (the database URL comes from the environment)."""
import os


class Settings:
    DATABASE_URL: str = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/dragonai")


settings = Settings()
