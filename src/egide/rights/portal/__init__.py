"""The public patient portal: no login, one per organisation, under ``p/<org>/``."""
