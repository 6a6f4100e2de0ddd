revision = "abc"
down_revision = f"{x}"
