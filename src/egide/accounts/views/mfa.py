# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def mfa_enrol_view(request, *args, **kwargs):
    raise Http404


def recovery_codes_view(request, *args, **kwargs):
    raise Http404

