"""The few calls of Superset's REST API (`/api/v1/...`) the check makes, with a bearer token."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

import prison
import requests

from bi.processes import CheckError

TIMEOUT = 120.0  # seconds for one HTTP call (a chart query on a cold engine included)


@dataclass
class ChartSpec:
    """A bar chart: one metric per value of one column."""
    name: str
    column: str
    metric_label: str
    metric_sql: str = "COUNT(*)"

    @property
    def metric(self) -> dict[str, str]:
        return {"expressionType": "SQL", "sqlExpression": self.metric_sql, "label": self.metric_label}


class SupersetAPI:
    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.http = requests.Session()

    def _call(self, method: str, path: str, what: str, **kwargs: Any) -> dict[str, Any]:
        try:
            resp = self.http.request(method, self.base + path, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise CheckError(f"{what}: {method} {path} failed: {exc}") from exc
        if resp.status_code >= 400:
            raise CheckError(f"{what}: {method} {path} answered {resp.status_code}: {error_text(resp)}")
        return resp.json()

    def login(self, username: str, password: str) -> None:
        body = self._call("POST", "/api/v1/security/login", "log in",
                          json={"username": username, "password": password, "provider": "db", "refresh": False})
        self.http.headers["Authorization"] = f"Bearer {body['access_token']}"

    def test_connection(self, name: str, uri: str) -> None:
        self._call("POST", "/api/v1/database/test_connection/", f"test connection {name}",
                   json={"database_name": name, "sqlalchemy_uri": uri})

    def add_database(self, name: str, uri: str) -> int:
        body = self._call("POST", "/api/v1/database/", f"add database {name}",
                          json={"database_name": name, "sqlalchemy_uri": uri, "expose_in_sqllab": True})
        return int(body["id"])

    def schemas(self, database_id: int) -> list[str]:
        return list(self._call("GET", f"/api/v1/database/{database_id}/schemas/", "list schemas")["result"])

    def tables(self, database_id: int, schema: str) -> list[dict[str, Any]]:
        q = prison.dumps({"schema_name": schema, "force": True})
        return list(self._call("GET", f"/api/v1/database/{database_id}/tables/", "list tables",
                               params={"q": q})["result"])

    def add_dataset(self, database_id: int, schema: str, table: str) -> int:
        body = self._call("POST", "/api/v1/dataset/", f"add dataset {schema}.{table}",
                          json={"database": database_id, "schema": schema, "table_name": table})
        return int(body["id"])

    def dataset_columns(self, dataset_id: int) -> list[str]:
        body = self._call("GET", f"/api/v1/dataset/{dataset_id}", "read dataset")
        return [col["column_name"] for col in body["result"]["columns"]]

    def add_chart(self, dataset_id: int, spec: ChartSpec) -> int:
        params = chart_params(dataset_id, spec)
        body = self._call("POST", "/api/v1/chart/", f"add chart {spec.name}", json={
            "slice_name": spec.name, "viz_type": params["viz_type"], "datasource_id": dataset_id,
            "datasource_type": "table", "params": json.dumps(params),
            "query_context": json.dumps(query_context(dataset_id, spec, params)),
        })
        return int(body["id"])

    def delete(self, kind: str, item_id: int) -> None:
        """Delete a chart or dataset (`kind`: chart, dataset)."""
        self._call("DELETE", f"/api/v1/{kind}/{item_id}", f"delete {kind} {item_id}")

    def chart_data(self, chart_id: int, dataset_id: int, spec: ChartSpec) -> tuple[list[dict[str, Any]], str, float]:
        """Run the chart's query: its rows, the SQL Superset sent, and the seconds it took."""
        params = {**chart_params(dataset_id, spec), "slice_id": chart_id}
        start = time.monotonic()
        body = self._call("POST", "/api/v1/chart/data", f"chart data for chart {chart_id}",
                          json=query_context(dataset_id, spec, params))
        seconds = time.monotonic() - start
        result = body["result"][0]
        return list(result["data"]), str(result.get("query", "")), seconds


def error_text(resp: requests.Response) -> str:
    """Superset's message from an error answer: the JSON `message`/`errors`, else an HTML page's title."""
    try:
        body = resp.json()
    except ValueError:
        title = re.search(r"<title>(.*?)</title>", resp.text, re.S)
        return title.group(1).strip() if title else resp.text[:500]
    if isinstance(body, dict):
        return json.dumps({k: body[k] for k in ("message", "errors") if k in body} or body)[:2000]
    return str(body)[:2000]


def chart_params(dataset_id: int, spec: ChartSpec) -> dict[str, Any]:
    """The chart's form data: a vertical bar chart, one bar per value of `spec.column`."""
    return {
        "datasource": f"{dataset_id}__table", "viz_type": "echarts_timeseries_bar",
        "x_axis": spec.column, "xAxisForceCategorical": True, "metrics": [spec.metric], "groupby": [],
        "adhoc_filters": [], "row_limit": 100, "x_axis_sort": spec.metric_label, "x_axis_sort_asc": False,
        "orientation": "vertical", "show_legend": False, "show_value": True,
        "x_axis_title": spec.column, "y_axis_title": spec.metric_label, "y_axis_title_margin": 30,
        "x_axis_title_margin": 30, "truncateXAxis": True, "rich_tooltip": True,
    }


def query_context(dataset_id: int, spec: ChartSpec, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "datasource": {"id": dataset_id, "type": "table"}, "force": True,
        "queries": [{"columns": [spec.column], "metrics": [spec.metric], "orderby": [[spec.metric, False]],
                     "row_limit": 100, "filters": [], "extras": {}}],
        "form_data": params, "result_format": "json", "result_type": "full",
    }
