"""The fields of each kind of YAML node, and what each holds: one definition for the validator
(which keys are allowed) and for the published JSON Schema (what editors check as you type).
"""

from __future__ import annotations

from typing import Any

from bot.knowledge.schema import OWNERS

# Kinds of value. The validator reads each with the FieldReader method of the same name.
TEXT, TEXTS, OWNER, URLS, DATE, MAPPING = "text", "texts", "owner", "sources", "date", "mapping"

CONDITION = {"when": TEXT, "then": TEXT, "owner": OWNER, "keywords": TEXTS, "unless": TEXTS, "sources": URLS,
             "verified": DATE}
RULING = {"owner": OWNER, "headline": TEXT, "summary": TEXT, "aws": TEXTS, "customer": TEXTS,
          "conditions": [CONDITION], "sources": URLS, "verified": DATE}
GENERAL_ENTRY = {**RULING, "id": TEXT, "topic": TEXT, "keywords": TEXTS, "frames": TEXTS, "default": "boolean"}
LAYER = {"layer": TEXT, "owner": OWNER, "text": TEXT, "words": TEXTS, "unless": TEXTS, "topics": TEXTS,
         "sources": URLS, "verified": DATE}
SERVICE = {"id": TEXT, "name": TEXT, "model": TEXT, "category": TEXT, "aliases": TEXTS, "descriptions": TEXTS,
           "hints": TEXTS, "mechanisms": TEXTS, "resource_ids": TEXTS, "sources": URLS, "overview": RULING,
           "topics": {"*": RULING}, "from_model": {"*": DATE}, "layers": [LAYER]}
TOPIC_CASE = {**CONDITION, "services": TEXTS}
TOPIC = {"id": TEXT, "name": TEXT, "area": TEXT, "description": TEXT, "strong": TEXTS, "weak": TEXTS,
         "cases": [TOPIC_CASE]}

REQUIRED = {
    "ruling": ("summary", "aws", "customer"),
    "condition": ("when", "then"),
    "layer": ("layer", "owner", "text", "words", "verified"),
    "service": ("id", "name", "model", "category", "aliases", "sources", "overview", "topics"),
}


def _schema(kind: Any, topic_ids: list[str]) -> dict[str, Any]:
    if isinstance(kind, list):
        return {"type": "array", "items": _schema(kind[0], topic_ids)}
    if isinstance(kind, dict) and "*" in kind:
        return {"type": "object", "propertyNames": {"enum": topic_ids},
                "additionalProperties": _schema(kind["*"], topic_ids)}
    if isinstance(kind, dict):
        return {"type": "object", "additionalProperties": False,
                "properties": {name: _schema(k, topic_ids) for name, k in kind.items()}}
    return {
        TEXT: {"type": "string", "minLength": 1},
        TEXTS: {"type": "array", "items": {"type": "string", "minLength": 1}},
        OWNER: {"enum": list(OWNERS)},
        URLS: {"type": "array", "items": {"type": "string", "pattern": r"^https://([a-z0-9-]+\.)*amazon\.com/"}},
        DATE: {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "boolean": {"type": "boolean"},
    }[kind]


def service_schema(topic_ids: list[str]) -> dict[str, Any]:
    """JSON Schema of knowledge/services/<id>.yaml (`srm kb schema` writes knowledge/schema.json)."""
    schema = _schema(SERVICE, topic_ids)
    schema["required"] = list(REQUIRED["service"])
    ruling = schema["properties"]["overview"]
    ruling["required"] = list(REQUIRED["ruling"])
    ruling["properties"]["conditions"]["items"]["required"] = list(REQUIRED["condition"])
    schema["properties"]["topics"]["additionalProperties"] = {**ruling, "required": [*REQUIRED["ruling"], "owner",
                                                                                       "verified"]}
    schema["properties"]["layers"]["items"]["required"] = list(REQUIRED["layer"])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "srm-bot service file (knowledge/services/<id>.yaml)", **schema}
