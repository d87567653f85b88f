# PLACEHOLDER: replaced by the helper that owns this module.
from django.http import Http404


def login_view(request, *args, **kwargs):
    raise Http404


def login_verify_view(request, *args, **kwargs):
    raise Http404


def logout_view(request, *args, **kwargs):
    raise Http404


def password_reset_view(request, *args, **kwargs):
    raise Http404


def password_reset_done_view(request, *args, **kwargs):
    raise Http404


def password_reset_confirm_view(request, *args, **kwargs):
    raise Http404


def profile_view(request, *args, **kwargs):
    raise Http404

