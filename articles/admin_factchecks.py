"""Admin of factchecks (registered on import from articles.admin)."""
