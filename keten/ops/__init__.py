"""Running Keten: readiness and Prometheus metrics, both without personal data (docs/deploy.md)."""
