# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def tokens_view(request, *args, **kwargs):
    raise Http404


def token_revoke_view(request, *args, **kwargs):
    raise Http404

