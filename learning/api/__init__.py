"""JSON API v1 (/api/v1): personal tokens, problem+json errors, an OpenAPI 3.1 document."""
