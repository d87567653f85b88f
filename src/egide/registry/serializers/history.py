"""API shapes of an activity's versions: the query naming two of them and their side-by-side diff
(computed by :mod:`egide.registry.diff` from the audit trail)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.registry.serializers.fields import MAX_ID

ROW_STATUSES = [(s, s) for s in ("added", "removed", "changed", "same")]


class DiffQuerySerializer(serializers.Serializer):
    """``from`` and ``to``: ids of the activity's audit events (its ``history``)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword: it cannot be declared as an attribute.
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=MAX_ID,
            help_text=_("The older version: the activity right after this event."),
        )
        fields["to"] = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=MAX_ID,
            help_text=_(
                "The newer version: the activity right after this event (default: latest)."
            ),
        )
        return fields


class FieldDiffSerializer(serializers.Serializer):
    name = serializers.CharField()
    left = serializers.JSONField(allow_null=True)
    right = serializers.JSONField(allow_null=True)
    changed = serializers.BooleanField()


class RowDiffSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("Id of the row (shared:<n> for rows of a group re-sync).")
    )
    status = serializers.ChoiceField(choices=ROW_STATUSES)
    left = serializers.DictField(allow_null=True, help_text=_("The row in the older version."))
    right = serializers.DictField(allow_null=True, help_text=_("The row in the newer version."))
    changed_fields = serializers.ListField(child=serializers.CharField())


class SectionDiffSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("The list: purposes, data_categories, recipients..."))
    changed = serializers.BooleanField()
    rows = RowDiffSerializer(many=True)


class ActivityDiffSerializer(serializers.Serializer):
    """The activity's own fields and each list's rows, older version left, newer right."""

    left_exists = serializers.BooleanField(source="diff.left_exists")
    right_exists = serializers.BooleanField(source="diff.right_exists")
    changed = serializers.BooleanField(source="diff.changed")
    fields_ = FieldDiffSerializer(many=True, source="diff.fields")
    sections = SectionDiffSerializer(many=True, source="diff.sections")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(help_text=_("Event id of the older version."))
        fields["to"] = serializers.IntegerField(help_text=_("Event id of the newer version."))
        fields["fields"] = fields.pop("fields_")  # "fields" is Serializer.fields: renamed here
        return fields
