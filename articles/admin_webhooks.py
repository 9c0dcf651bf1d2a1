"""Admin of webhooks (registered on import from articles.admin)."""
