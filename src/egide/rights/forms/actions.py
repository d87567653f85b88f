"""The forms of a request's actions: reasons, answers, refusals, assignment, notes and search tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.registry.models import InformationSystem, ProcessingActivity
from egide.registry.selectors import information_systems_list, processing_activities_list
from egide.rights.choices import REFUSAL_SOURCE, RefusalGround, SearchTaskStatus
from egide.rights.forms._common import SHORT_TEXT, MemberChoiceField, members_with

LONG_TEXT = forms.Textarea(attrs={"rows": 6})


class EmptyForm(forms.Form):
    """An action with nothing to fill in (start, confirm identity, close)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=SHORT_TEXT, max_length=4000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=SHORT_TEXT, max_length=4000, required=False)


class AnswerForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done, or the information given"),
        widget=LONG_TEXT,
        max_length=20000,
        help_text=_("Quoted in the answer letter."),
    )
    send = forms.BooleanField(
        label=_("Send the letter by email (when the requester has an address)"),
        required=False,
        initial=True,
    )


def _ground_choices() -> list[tuple[str, str]]:
    return [(g.value, f"{g.label} ({REFUSAL_SOURCE[g.value]})") for g in RefusalGround]


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=_ground_choices)
    reason = forms.CharField(
        label=_("Reasons given to the requester"),
        widget=LONG_TEXT,
        max_length=20000,
        help_text=_(
            "Required. A manifestly unfounded or excessive request needs a detailed reason "
            "(GDPR Art. 12(5))."
        ),
    )
    send = forms.BooleanField(
        label=_("Send the letter by email (when the requester has an address)"),
        required=False,
        initial=True,
    )


class AssignForm(forms.Form):
    assignee = MemberChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members_with(organisation, Perm.EDIT)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=SHORT_TEXT, max_length=10000)


def _live_activities(organisation: Organisation) -> QuerySet[ProcessingActivity]:
    return processing_activities_list(organisation=organisation)


def _systems(organisation: Organisation) -> QuerySet[InformationSystem]:
    return information_systems_list(organisation=organisation)


class TaskAddForm(forms.Form):
    label = forms.CharField(label=_("What to search"), max_length=255, required=False)
    activity: forms.ModelChoiceField[ProcessingActivity] = forms.ModelChoiceField(
        label=_("Processing activity"), queryset=None, required=False
    )
    system: forms.ModelChoiceField[InformationSystem] = forms.ModelChoiceField(
        label=_("System"), queryset=None, required=False
    )
    assigned_to = MemberChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets: dict[str, QuerySet[Any]] = {
            "activity": _live_activities(organisation),
            "system": _systems(organisation),
            "assigned_to": members_with(organisation, Perm.EDIT),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("label") or cleaned.get("activity") or cleaned.get("system")):
            raise forms.ValidationError(
                _("Name what to search, or pick a processing activity or a system.")
            )
        return cleaned


class TaskCompleteForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[(s.value, s.label) for s in SearchTaskStatus if s != SearchTaskStatus.TODO],
    )
    result = forms.CharField(
        label=_("What was found"), widget=SHORT_TEXT, max_length=10000, required=False
    )
