"""The record of processing activities (GDPR Art. 30), processors and transfers: the DPO's central register."""
