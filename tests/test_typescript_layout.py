"""Prettier's layout without a Prettier run (generator/typescript/layout.py): the rules, then the
whole format step (Biome and the layout) checked by Prettier itself on code and Markdown shaped
like the places where Biome and Prettier part ways."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.files import RenderedFile
from generator.typescript.format import format_files
from generator.typescript.layout import table, unions, width
from tests.conftest import E2E, ensure_prism


def test_width_counts_as_prettier_does() -> None:
    assert width("abc") == 3
    assert width("日本") == 4  # East Asian wide: two columns each
    assert width("e\u0301") == 1  # a combining accent takes none
    assert width("👍🏽 ok") == 5  # an emoji with its skin tone: two


def test_table_pads_every_column_to_its_widest_cell() -> None:
    assert table(["a", "type"], [["日本", "x"], ["b", ""]]) == [
        "| a    | type |",
        "| ---- | ---- |",
        "| 日本 | x    |",
        "| b    |      |",
    ]


def test_unions_join_on_the_next_line_when_they_fit() -> None:
    broken = 'export type Mode =\n  | "read"\n  | "write"\n  | (string & {});\n'
    assert unions(broken) == 'export type Mode =\n  "read" | "write" | (string & {});\n'
    member = "  status?:\n    | string\n    | Array<Item>;\n"
    assert unions(member) == "  status?:\n    string | Array<Item>;\n"
    long = "".join(f'  | "value_number_{n}"\n' for n in range(8))
    assert unions(f"export type Long =\n{long}") == f"export type Long =\n{long}"  # 80 columns past
    nested = "export type Shape =\n  | { a: string }\n  | {\n      b: number;\n    };\n"
    assert unions(nested) == nested  # a member that spans lines stays as it is


def test_an_interface_keeps_its_extends_on_its_line() -> None:
    code = "export interface AVeryLongGeneratedClientNameOptions\n  extends ClientOptions {\n"
    assert unions(code) == "export interface AVeryLongGeneratedClientNameOptions extends ClientOptions {\n"
    empty = "export interface AmadeusFlightInspirationSearchClientOptions\n  extends ClientOptions {}\n"
    assert unions(empty) == "export interface AmadeusFlightInspirationSearchClientOptions extends ClientOptions {}\n"


CODE = """export type Permission = "read" | "write" | "admin" | "maintain" | (string & {});
export type Wide = "aaaaaaaaaaaaaaaaaaaa" | "bbbbbbbbbbbbbbbbbbbbbbbbb" | "ccccccccccccccccccccccccccccccc" | "d" | "e";
export interface ApimanagementApimsubscriptionsClientOptionsLongEnough extends ClientOptions {
  state?: "active" | "suspended" | "cancelled" | "expired" | "submitted" | (string & {});
  error?: string | Array<ProjectCreateEnvResponseFailedItemErrorValueVariant2Item>;
}
export interface AmadeusFlightInspirationSearchClientOptionsLong extends ClientOptions {}
export interface ClientOptions { a?: string }
export interface ProjectCreateEnvResponseFailedItemErrorValueVariant2Item { b?: number }
export function send(body: RepoRemoveStatusCheckContextsRequestBodyVariant1Long | Array<string>, n: number): void {}
export type RepoRemoveStatusCheckContextsRequestBodyVariant1Long = { contexts: string[] };
"""

PAGE = """<!-- a page -->

# Title

{table}

```ts
const result = await client.projects.runs.start("my-project", { parameters: { param1: "value1" }, api: "x" });
```
"""


@pytest.mark.slow
def test_biome_and_the_layout_write_what_prettier_writes(tmp_path: Path) -> None:
    ensure_prism()  # Prettier comes with the end-to-end tools
    rows = [["日本", "string", "yes", "A \\*\\*bold\\*\\* word, https\\://example.com/a\\_b"]]
    page = PAGE.replace("{table}", "\n".join(table(["argument", "type", "required", "description"], rows)))
    files = format_files([RenderedFile("src/models.ts", CODE), RenderedFile("docs/page.md", page)])
    for f in files:
        (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f.path).write_text(f.text, encoding="utf-8")
    prettier = E2E / "node_modules" / "prettier" / "bin" / "prettier.cjs"
    checked = subprocess.run(
        ["node", str(prettier), "--check", "--no-config", "src", "docs"], cwd=tmp_path, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr + "\n".join(f.text for f in files)
    models = files[0].text
    assert 'export type Permission =\n  "read" | "write"' in models  # the case that needed the layout
    assert "LongEnough extends ClientOptions {" in models
