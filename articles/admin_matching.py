"""Admin of matching (registered on import from articles.admin)."""
