"""The API root, the OpenAPI schema and the Swagger UI page (served from /static/, strict CSP)."""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework.test import APIClient


def test_root_lists_every_v1_endpoint(dpo, login):
    response = login(dpo, APIClient()).get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    urls = {endpoint["name"]: endpoint["url"] for endpoint in body["endpoints"]}
    assert urls["me"] == "/api/v1/me/"
    assert urls["organisation-list"] == "/api/v1/organisations/"
    assert urls["organisation-detail"] == "/api/v1/o/{org}/"
    assert urls["member-list"] == "/api/v1/o/{org}/members/"
    assert urls["member-detail"] == "/api/v1/o/{org}/members/{id}/"
    assert urls["audit-event-list"] == "/api/v1/o/{org}/audit-events/"
    assert urls["audit-event-detail"] == "/api/v1/o/{org}/audit-events/{id}/"
    assert (body["schema"], body["docs"]) == ("/api/schema/", "/api/docs/")


def test_schema_is_public_openapi_3(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/o/{org}/members/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }


def test_every_operation_documents_the_error_body(db):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 11
    for path, method, operation in operations:
        for code in ("400", "401", "403", "404"):
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == error_ref, (path, method, code)
    assert schema["components"]["schemas"]["ErrorResponse"]["properties"]["error"] == {
        "$ref": "#/components/schemas/ErrorDetail"
    }


def test_docs_page_loads_everything_from_static_without_inline_code(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html
    assert "style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    assert all(body.strip() == "" for _, body in scripts), "no inline script"
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts]
    static = settings.STATIC_URL + "drf_spectacular_sidecar/swagger-ui-dist/"
    assert sources[:2] == [
        f"{static}swagger-ui-bundle.js",
        f"{static}swagger-ui-standalone-preset.js",
    ]
    assert sources[2] == "/api/docs/?script="
    assert f'href="{static}swagger-ui.css"' in html
    assert "cdn" not in html.lower()
    assert response["Content-Security-Policy"] == settings.EGIDE_CSP


def test_docs_init_script_is_served_from_the_same_origin(db, client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema/"' in response.content.decode()


def test_docs_assets_are_served(db, client):
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        response = client.get(f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}")
        assert response.status_code == 200, asset
