from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def egide(request: HttpRequest) -> dict[str, Any]:
    organisation = getattr(request, "organisation", None)

    def switcher() -> Any:
        from egide.accounts.selectors import memberships_active_list
        from egide.core.clock import SYSTEM_CLOCK

        if organisation is None or not request.user.is_authenticated:
            return []
        return list(memberships_active_list(user=request.user, now=SYSTEM_CLOCK.now()))

    return {
        "egide_organisation": organisation,
        "egide_membership": getattr(request, "membership", None),
        "egide_languages": settings.LANGUAGES,
        "egide_switcher_memberships": SimpleLazyObject(switcher),
    }
