"""The register's models, one module per subject; import them from here."""

from egide.registry.models.activities import (
    ACTIVITY_FIELDS,
    ControllerServed,
    JointController,
    ProcessingActivity,
)
from egide.registry.models.details import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    Purpose,
    Recipient,
    Transfer,
)
from egide.registry.models.dpo import DpoDesignation
from egide.registry.models.findings import ComplianceFinding, ComplianceSummary, FindingSeverity
from egide.registry.models.taxonomy import DataCategory, DataSubjectCategory
from egide.registry.models.vendors import InformationSystem, Vendor, vendor_document_path

__all__ = [
    "ACTIVITY_FIELDS",
    "ActivityDataCategory",
    "ActivitySecurityMeasure",
    "ComplianceFinding",
    "ComplianceSummary",
    "ControllerServed",
    "DataCategory",
    "DataSubjectCategory",
    "DpoDesignation",
    "FindingSeverity",
    "InformationSystem",
    "JointController",
    "ProcessingActivity",
    "Purpose",
    "Recipient",
    "Transfer",
    "Vendor",
    "vendor_document_path",
]
