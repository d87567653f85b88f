# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def portfolio_view(request, *args, **kwargs):
    raise Http404


def dashboard_view(request, *args, **kwargs):
    raise Http404


def organisation_edit_view(request, *args, **kwargs):
    raise Http404


def members_view(request, *args, **kwargs):
    raise Http404


def membership_edit_view(request, *args, **kwargs):
    raise Http404


def membership_revoke_view(request, *args, **kwargs):
    raise Http404

