"""The OpenAPI schema is generated from the code, valid, and complete: every endpoint, with the
scope it needs."""

import yaml
from django.core.management import call_command


def test_the_schema_is_valid_and_generated_without_a_warning(tmp_path):
    schema_file = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    schema = yaml.safe_load(schema_file.read_text())
    assert set(schema["paths"]) >= {
        "/api/v1/guidance/",
        "/api/v1/guidance/{slug}/",
        "/api/v1/topics/",
        "/api/v1/statistics/",
    }
    assert schema["paths"]["/api/v1/statistics/"]["get"]["security"] == [{"oauth2": ["statistics:read"]}]
    assert {} in schema["paths"]["/api/v1/guidance/"]["get"]["security"]
    flows = schema["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"] == "/o/token/"
    assert set(flows["clientCredentials"]["scopes"]) == {
        "guidance:read",
        "referrals:write",
        "referrals:read",
        "statistics:read",
    }


def test_the_documentation_page_allows_only_its_data_icons_beyond_the_sites_policy(client):
    docs = client.get("/api/docs/")
    schema = client.get("/api/schema/")

    assert docs.status_code == 200
    assert "img-src 'self' data:;" in docs["Content-Security-Policy"] + ";"
    assert "script-src 'self';" in docs["Content-Security-Policy"] + ";"
    assert "data:" not in schema["Content-Security-Policy"]
