"""A seed-shaped chat application (users, conversations, messages) for the tests of pgmig_models.py."""
