"""What analysts ask the database; the CLI, the digest and the dashboard call these."""
