"""The DPO team's pages of rights requests (``o/<org>/rights/``)."""
