"""The shared previous/next links of paginated HTMX tables."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render(page_number: int, **context: object) -> str:
    request = RequestFactory().get("/o/x/rights/", {"status": "open", "page": page_number})
    page = Paginator(list(range(45)), 20).page(page_number)
    return render_to_string("egide/_pagination.html", {"page": page, **context}, request=request)


def test_links_keep_the_filters_and_swap_the_table():
    html = render(2, target="#request-table", list_url="/o/x/rights/")
    assert 'href="/o/x/rights/?status=open&amp;page=1"' in html
    assert 'hx-get="/o/x/rights/?status=open&amp;page=3"' in html
    assert html.count('hx-target="#request-table"') == 2
    assert "Page 2 of 3" in html
    assert "Previous page" in html
    assert "Next page" in html


def test_own_labels_and_nothing_for_a_single_page():
    html = render(1, target="#audit-table", next_label="Older events")
    assert "Older events" in html
    assert "Previous page" not in html  # no previous link on the first page
    single = Paginator([1, 2], 20).page(1)
    assert "pagination" not in render_to_string(
        "egide/_pagination.html", {"page": single, "target": "#t"}
    )
