"""Forms of the record of processing activities: the list's filters, creation, the main fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egide.accounts.models import Organisation, User
from egide.registry.choices import ActivityStatus, LegalBasis, RecordKind
from egide.registry.forms._common import (
    DATE_INPUT,
    SHORT_TEXT,
    MemberChoiceField,
    choices_with_blank,
    members_queryset,
)
from egide.registry.library import TEMPLATES
from egide.registry.models import (
    DataSubjectCategory,
    FindingSeverity,
    InformationSystem,
    ProcessingActivity,
)
from egide.registry.selectors import (
    ActivityFilters,
    data_subject_categories_list,
    information_systems_list,
)
from egide.registry.services._common import ACTIVITY_EDITABLE_FIELDS

SORT_CHOICES = [
    ("reference", _("Reference")),
    ("-reference", _("Reference, descending")),
    ("name", _("Name")),
    ("-name", _("Name, descending")),
    ("status", _("Status")),
    ("review_on", _("Next review")),
    ("-updated_at", _("Last changed")),
]


def template_choices() -> list[tuple[str, Any]]:
    return [(t.code, t.name) for t in TEMPLATES]


class ActivityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
        help_text=_("Name, reference or purpose"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=choices_with_blank(_("In the record (not archived)"), ActivityStatus.choices),
    )
    record_kind = forms.ChoiceField(
        label=_("Record"),
        required=False,
        choices=choices_with_blank(_("Both records"), RecordKind.choices),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=choices_with_blank(_("Any basis"), LegalBasis.choices),
    )
    special = forms.ChoiceField(
        label=_("Special-category data"),
        required=False,
        choices=[("", _("With or without")), ("yes", _("Processed")), ("no", _("Not processed"))],
    )
    findings = forms.ChoiceField(
        label=_("With findings of severity"),
        required=False,
        choices=choices_with_blank(_("Any or none"), reversed(FindingSeverity.choices)),
    )
    owner = MemberChoiceField(
        label=_("Owner"), required=False, queryset=User.objects.none(), empty_label=_("Anyone")
    )
    template = forms.ChoiceField(label=_("Template"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_queryset(organisation)  # type: ignore[attr-defined]
        self.fields["template"].choices = choices_with_blank(  # type: ignore[attr-defined]
            _("Any or none"), template_choices()
        )

    def filters(self) -> ActivityFilters:
        """The validated filters (call after ``is_valid()``; invalid forms filter nothing)."""
        if not self.is_valid():
            return ActivityFilters()
        data = self.cleaned_data
        owner = data.get("owner")
        return ActivityFilters(
            search=data.get("q", ""),
            status=data.get("status", ""),
            record_kind=data.get("record_kind", ""),
            legal_basis=data.get("legal_basis", ""),
            special_category={"yes": True, "no": False}.get(data.get("special", "")),
            finding_severity=data.get("findings", ""),
            owner_id=owner.pk if owner is not None else None,
            template_code=data.get("template", ""),
            sort=data.get("sort") or "reference",
        )


class ActivityCreateForm(forms.Form):
    """A new activity, blank or from a template of the library."""

    template = forms.ChoiceField(
        label=_("Start from"), required=False, widget=forms.RadioSelect, choices=[]
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=255,
        help_text=_("Left empty with a template: the template's name."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=20,
        help_text=_("Left empty: the next free reference (T-001, T-002...)."),
    )
    record_kind = forms.ChoiceField(
        label=_("Record"),
        choices=RecordKind.choices,
        initial=RecordKind.CONTROLLER,
        help_text=_("A template sets its own."),
    )
    owner = MemberChoiceField(
        label=_("Owner"), required=False, queryset=User.objects.none(), empty_label=_("Nobody")
    )
    review_on = forms.DateField(label=_("Next review"), required=False, widget=DATE_INPUT)

    def __init__(
        self, *args: Any, organisation: Organisation, can_choose_owner: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", _("A blank activity")),
            *template_choices(),
        ]
        if can_choose_owner:
            self.fields["owner"].queryset = members_queryset(organisation)  # type: ignore[attr-defined]
        else:
            del self.fields["owner"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("template") and not cleaned.get("name"):
            self.add_error("name", _("Name the activity, or start from a template."))
        return cleaned


class ActivityForm(forms.Form):
    """The activity's own fields, its data subjects and its supporting systems."""

    reference = forms.CharField(label=_("Reference"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=SHORT_TEXT)
    record_kind = forms.ChoiceField(label=_("Record"), choices=RecordKind.choices)
    owner = MemberChoiceField(
        label=_("Owner"), required=False, queryset=User.objects.none(), empty_label=_("Nobody")
    )
    review_on = forms.DateField(label=_("Next review"), required=False, widget=DATE_INPUT)
    representative = forms.CharField(
        label=_("Representative in the EU (GDPR Art. 27)"), required=False, max_length=255
    )
    large_scale = forms.BooleanField(label=_("Large scale"), required=False)
    vulnerable_subjects = forms.BooleanField(label=_("Vulnerable data subjects"), required=False)
    data_subject_count = forms.IntegerField(
        label=_("Data subjects (estimate)"), required=False, min_value=0
    )
    data_subjects = forms.ModelMultipleChoiceField(
        label=_("Data subject categories"),
        required=False,
        queryset=DataSubjectCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    systems = forms.ModelMultipleChoiceField(
        label=_("Supporting systems"),
        required=False,
        queryset=InformationSystem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        activity: ProcessingActivity,
        can_choose_owner: bool,
        **kwargs: Any,
    ) -> None:
        organisation = activity.organisation
        initial = {name: getattr(activity, name) for name in ACTIVITY_EDITABLE_FIELDS}
        initial["data_subjects"] = list(activity.data_subjects.all())
        initial["systems"] = list(activity.systems.all())
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(data, initial=initial, **kwargs)
        self.fields["data_subjects"].queryset = data_subject_categories_list(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["systems"].queryset = information_systems_list(organisation=organisation)  # type: ignore[attr-defined]
        if can_choose_owner:
            self.fields["owner"].queryset = members_queryset(organisation)  # type: ignore[attr-defined]
        else:
            del self.fields["owner"]

    def changes(self) -> dict[str, Any]:
        """The activity's own fields, as ``processing_activity_update`` takes them."""
        return {n: self.cleaned_data[n] for n in ACTIVITY_EDITABLE_FIELDS if n in self.fields}
