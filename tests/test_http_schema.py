"""The OpenAPI document against the running app: schemathesis, in-process, bounded.

Schemathesis generates requests from /openapi.json and checks every response
against it: no server errors, documented status codes, content types and
response schemas. The run is bounded (few examples per operation, no example
database) so it takes seconds in CI. It runs against the app over each
backend: the seeds in a Whoosh index and in a SolrCloud collection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.web import create_app, openapi

EXAMPLES_PER_OPERATION = 15
BACKENDS = ("whoosh", "solr")


@pytest.fixture(scope="module", params=BACKENDS)
def app(request: pytest.FixtureRequest) -> Iterator[Any]:
    location = request.getfixturevalue(
        "solr_news" if request.param == "solr" else "seed_index_path"
    )
    with SearchIndex.open(location) as index:
        yield create_app(index, allowed_hosts=["testserver"])  # schemathesis' host


# Status codes the checks accept. Schema-valid input may still be a bad query
# ('"Kursk', since=2024-13) or an unknown id: 400 and 404 are documented answers.
# Schema-violating input must be refused: 400, or 413/414 from the size guard.
CHECKS = {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]},
    "negative_data_rejection": {"expected-statuses": ["400", "404", "413", "414"]},
}
# Negative cases need a parameter that can be wrong: a query parameter (an empty
# path segment would be another URL, not a wrong parameter).
WITH_QUERY_PARAMETERS = sorted(
    path
    for path, item in openapi.PATHS.items()
    if any(parameter["in"] == "query" for parameter in item["get"].get("parameters", ()))
)


@pytest.fixture(scope="module")
def api_schema(app: Any) -> Any:
    config = schemathesis.Config.from_dict({"checks": CHECKS})
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


# One test per operation and mode, listed from the document itself. (Schemathesis'
# from_fixture() loader trips over pytest 9's node internals, so the fixture's
# schema is driven through its public Hypothesis strategies instead.)
@pytest.mark.parametrize("path", sorted(openapi.PATHS))
def test_valid_requests_get_documented_answers(api_schema: Any, path: str) -> None:
    check_operation(api_schema[path]["GET"], GenerationMode.POSITIVE)


@pytest.mark.parametrize("path", WITH_QUERY_PARAMETERS)
def test_invalid_requests_are_refused(api_schema: Any, path: str) -> None:
    check_operation(api_schema[path]["GET"], GenerationMode.NEGATIVE)


def check_operation(operation: Any, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_promises(case: Any) -> None:
        case.call_and_validate()

    keeps_promises()


def test_every_route_is_documented_and_every_documented_path_exists(app: Any) -> None:
    served = {
        route.path.replace("{doc_id:path}", "{doc_id}")
        for route in app.routes
        if isinstance(route, Route)
    }
    undocumented = {"/", "/openapi.json"}  # the page and the document itself
    assert served - undocumented == set(openapi.PATHS)
    assert any(isinstance(route, Mount) and route.path == "/static" for route in app.routes)


def test_the_document_is_served_as_written(app: Any) -> None:
    with TestClient(app) as client:
        served = client.get("/openapi.json").json()
    assert served["openapi"].startswith("3.")
    assert set(served["paths"]) == set(openapi.PATHS)
    for path, item in served["paths"].items():
        assert set(item) == {"get"}, f"{path} must be read-only"
