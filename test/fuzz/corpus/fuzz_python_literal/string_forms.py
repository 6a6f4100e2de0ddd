r'''raw docstring with \n kept and "quotes"

Revision ID: 0123abcd
Revises: 9e4f7a1b6d32
Create Date: 2024-01-02 03:04:05
'''
revision = (
    "0123"  # implicit
    'ab' u"cd"
)
down_revision = R"9e4f" \
    '7a1b6d32'
branch_labels = ["caf\u00e9", 'tab\there', "\N{SNOWMAN}", "\x41\101\U0001F680", b"x" if 0 else None]
depends_on = ((), [], (None, True, False, 0x1F, 1_000, -2), """multi
line""")
x: int = 1
