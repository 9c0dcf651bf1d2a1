"""Admin of api (registered on import from articles.admin)."""
