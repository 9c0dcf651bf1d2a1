"""The human-readable API page: every operation of the OpenAPI schema (method, path,
parameters, request body with an example, responses), rendered on the server by a Django
template and styled by static/api.css — no script, no CDN, within the strict CSP."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .base import api

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return components.get(ref.rsplit("/", 1)[-1], {})
    return schema


def example(schema: dict, components: dict, depth: int = 0) -> Any:
    """A plausible value for ``schema`` (its example, default or a placeholder of its type)."""
    schema = _resolve(schema, components)
    if depth > 6:
        return None
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema and schema["default"] not in (None, [], ""):
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o, components).get("type") != "null"]
            return example(options[0], components, depth + 1) if options else None
    kind = schema.get("type")
    if "enum" in schema:
        return next((v for v in schema["enum"] if v != ""), schema["enum"][0])
    if kind == "object" or "properties" in schema:
        return {name: example(sub, components, depth + 1) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)]
    fmt = schema.get("format", "")
    return {
        "integer": 1, "number": 0.5, "boolean": False,
        "string": {"date": "2025-01-31", "date-time": "2025-01-31T12:00:00Z", "binary": "<file>"}.get(fmt, "string"),
    }.get(kind)  # fmt: skip


def _type(schema: dict, components: dict) -> str:
    schema = _resolve(schema, components)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(_type(o, components) for o in schema[key])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    return schema.get("format") or schema.get("type") or schema.get("title", "object")


def operations(schema: dict) -> list[dict]:
    components = schema.get("components", {}).get("schemas", {})
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [
                {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                 "type": _type(p.get("schema", {}), components), "description": p.get("description", "")}
                for p in op.get("parameters", [])
            ]  # fmt: skip
            body = None
            content = op.get("requestBody", {}).get("content", {})
            for media, spec in content.items():
                shape = _resolve(spec.get("schema", {}), components)
                fields = [
                    {"name": name, "type": _type(sub, components), "required": name in shape.get("required", []),
                     "description": _resolve(sub, components).get("description", "") or sub.get("description", "")}
                    for name, sub in shape.get("properties", {}).items()
                ]  # fmt: skip
                sample = example(shape, components)
                body = {"media": media, "fields": fields,
                        "example": json.dumps(sample, indent=2, default=str) if media == "application/json" else ""}  # fmt: skip
                break
            responses = []
            for code, spec in sorted(op.get("responses", {}).items()):
                media = next(iter(spec.get("content", {}) or {}), "")
                shape = spec.get("content", {}).get(media, {}).get("schema") if media else None
                sample = json.dumps(example(shape, components), indent=2, default=str) if shape and media == "application/json" and code.startswith("2") else ""
                responses.append({"code": code, "description": spec.get("description", ""), "media": media, "example": sample})
            ops.append({
                "id": op.get("operationId", f"{method}-{path}"), "method": method.upper(), "path": path,
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "tags": op.get("tags", []), "params": params, "body": body, "responses": responses,
                "auth": bool(op.get("security")),
            })  # fmt: skip
    return ops


@login_not_required
@require_GET
def api_docs(request):
    schema = json.loads(json.dumps(api.get_openapi_schema(), default=str))  # as served: string keys
    return render(request, "api/docs.html", {"info": schema.get("info", {}), "operations": operations(schema)})
