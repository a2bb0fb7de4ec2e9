"""A spec whose every text field tries to break out of where generated files put it.

Shared by tests/test_hostile_templates.py and tests/test_hostile_markdown.py. JSON, so that
the text can hold characters YAML cannot (NUL, lone CR).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# What a description tries: close a docstring, start lines of code (LF, CRLF, CR, U+2028), open
# a comment, a NUL, Jinja syntax, and in Markdown a fence, HTML, a comment, a heading, a setext
# underline, a link definition and indented code.
EVIL = (
    'Evil """ end\n\nimport os; os.system("touch PWNED")  # x\r\nfoo\u2028hostile_call()\rhostile_name = 1\n'
    "# comment\x00 {{ 7*7 }} {% raw %}\n"
    "```\n<script>alert(1)</script>\n<!-- open comment\n~~~\n    indented code\n"
    "# Install\nFake heading\n---\n[ref]: https://evil.example\n| a | b |\n\\"
)
TITLE = 'Hostile """ {{ x }} ``` <b>'


def hostile_spec(path: Path, pwned: Path) -> Path:
    evil = EVIL.replace("PWNED", str(pwned))
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1.0", "description": "Intro.\n```\nan unclosed fence\n" + evil},
        "servers": [
            {"url": "https://a.example/v1", "description": evil},
            {"url": "https://b.example/{v}", "variables": {"v": {"default": "a`b|c", "description": evil}}},
        ],
        "tags": [{"name": "items", "description": evil}],
        "paths": {
            "/items/{item_id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ["items"],
                    "summary": evil,
                    "description": evil,
                    "parameters": [
                        {
                            "name": "item_id",
                            "in": "path",
                            "required": True,
                            "description": evil,
                            "schema": {"type": "string", "example": evil},
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "description": evil,
                            "schema": {"type": "string", "default": evil, "enum": [evil, "b"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": evil,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "description": evil,
                    "properties": {
                        "name": {"type": "string", "description": evil, "default": evil, "example": evil},
                        "kind": {"type": "string", "enum": [evil, "plain"], "description": evil},
                        "note": {"type": "string", "description": 'ends with a quote"'},
                    },
                }
            }
        },
    }
    path.write_text(json.dumps(spec, indent=1))
    return path
