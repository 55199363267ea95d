"""The read-only JSON API (views) and its OpenAPI description."""
