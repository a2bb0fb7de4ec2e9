"""The block structure of a Markdown page, as a CommonMark parser (markdown-it-py) sees it: the
oracle of tests/test_hostile_markdown.py."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

ORACLE = "markdown-it-py"


@dataclass(frozen=True)
class Block:
    kind: str  # heading, fence, code (indented), html, html_inline, paragraph, hr, definition (a link reference)
    info: str  # a heading's level ("1".."6"), a fence's info string
    content: str


def _parse(text: str) -> tuple[list[Token], dict[str, dict[str, object]]]:
    env: dict[str, dict[str, object]] = {}
    return MarkdownIt("commonmark").enable("table").parse(text, env), env


def tables(text: str) -> list[list[list[str]]]:
    """Each table of the page as its rows of cells (the header row first): the raw inline text
    of each cell, and only of cells (a paragraph after a table is not its last cell)."""
    out: list[list[list[str]]] = []
    cell = False
    tokens, _ = _parse(text)
    for token in tokens:
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            out[-1].append([])
        elif token.type in ("th_open", "td_open"):
            out[-1][-1].append("")
            cell = True
        elif token.type in ("th_close", "td_close"):
            cell = False
        elif token.type == "inline" and cell:
            out[-1][-1][-1] = token.content
    return out


def blocks(text: str) -> list[Block]:
    tokens, env = _parse(text)
    out = [Block("definition", label, "") for label in env.get("references", {})]
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append(Block("heading", token.tag[1:], tokens[i + 1].content))
        elif token.type == "fence":
            out.append(Block("fence", token.info, token.content))
        elif token.type == "code_block":
            out.append(Block("code", "", token.content))
        elif token.type == "html_block":
            out.append(Block("html", "", token.content))
        elif token.type == "hr":
            out.append(Block("hr", "", ""))
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            out.append(Block("paragraph", "", token.content))
        if token.type == "inline":
            out += [Block("html_inline", "", c.content) for c in token.children or [] if c.type == "html_inline"]
    return out
