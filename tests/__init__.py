"""Cross-app tests: tenant-isolation sweep, route policies, architecture rules, required services."""
