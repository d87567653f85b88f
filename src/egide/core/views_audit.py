# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def audit_log_view(request, *args, **kwargs):
    raise Http404


def audit_export_view(request, *args, **kwargs):
    raise Http404

