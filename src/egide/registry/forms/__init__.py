"""The register's forms, one module per subject; import them from here."""

from egide.registry.forms._common import add_service_errors
from egide.registry.forms.activities import ActivityCreateForm, ActivityFilterForm, ActivityForm
from egide.registry.forms.details import (
    ControllerServedForm,
    DataCategoryRowForm,
    JointControllerForm,
    PurposeForm,
    RecipientForm,
    RowForm,
    SecurityMeasureForm,
    TransferForm,
)
from egide.registry.forms.vendors import (
    DpoDesignationEndForm,
    DpoDesignationForm,
    InformationSystemForm,
    VendorForm,
    validate_dpa_document,
)

__all__ = [
    "ActivityCreateForm",
    "ActivityFilterForm",
    "ActivityForm",
    "ControllerServedForm",
    "DataCategoryRowForm",
    "DpoDesignationEndForm",
    "DpoDesignationForm",
    "InformationSystemForm",
    "JointControllerForm",
    "PurposeForm",
    "RecipientForm",
    "RowForm",
    "SecurityMeasureForm",
    "TransferForm",
    "VendorForm",
    "add_service_errors",
    "validate_dpa_document",
]
