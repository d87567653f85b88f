# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def healthz_view(request, *args, **kwargs):
    raise Http404


def readyz_view(request, *args, **kwargs):
    raise Http404


def jobs_view(request, *args, **kwargs):
    raise Http404

