"""The register's pages: one module per subject (the URLconf imports them from here)."""
