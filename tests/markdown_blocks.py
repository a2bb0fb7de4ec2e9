"""The block structure of a Markdown page, as a CommonMark parser sees it: the oracle of
tests/test_hostile_markdown.py.

markdown-it-py (a CommonMark parser) when it is installed; otherwise this module's own reading
of the CommonMark 0.31 block rules that can swallow or fake a page's structure: fenced code
(section 4.5), HTML blocks (4.6, the seven start and end conditions), ATX and setext headings
(4.2, 4.3), thematic breaks (4.1), indented code (4.4) and paragraphs. It reads containers
(lists, block quotes) as paragraph text, which is enough for the generated pages, whose lists
are one line per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # pragma: no cover - depends on the environment
    from markdown_it import MarkdownIt
except ImportError:  # pragma: no cover
    MarkdownIt = None

ORACLE = "markdown-it-py" if MarkdownIt is not None else "tests/markdown_blocks.py"


@dataclass(frozen=True)
class Block:
    kind: str  # heading, fence, code (indented), html, paragraph, hr, definition (a link reference)
    info: str  # a heading's level ("1".."6"), a fence's info string
    content: str


def blocks(text: str) -> list[Block]:
    if MarkdownIt is not None:  # pragma: no cover
        return _markdown_it(text)
    return _own(text)


def _markdown_it(text: str) -> list[Block]:  # pragma: no cover
    parser = MarkdownIt("commonmark").enable("table")
    env: dict[str, dict[str, object]] = {}
    tokens = parser.parse(text, env)
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


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\S")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|"
    "dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|"
    "li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|"
    "tfoot|th|thead|title|tr|track|ul"
)
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
# (start, end, can interrupt a paragraph); end None: a blank line ends it
_HTML = [
    (
        re.compile(r"^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
        True,
    ),
    (re.compile(r"^ {0,3}<!--"), re.compile(r"-->"), True),
    (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None, True),
    (
        re.compile(rf"^ {{0,3}}(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"),
        None,
        False,
    ),
]


def _own(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(Block("paragraph", "", "\n".join(s.strip() for s in paragraph)))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i].expandtabs(4)
        i += 1
        if fence := _FENCE.match(line):
            char, length, info = fence.group(2)[0], len(fence.group(2)), fence.group(3)
            if not (char == "`" and "`" in info):
                flush()
                body = []
                while i < len(lines):
                    closing = _FENCE.match(lines[i].expandtabs(4))
                    i += 1
                    if (
                        closing
                        and closing.group(2)[0] == char
                        and len(closing.group(2)) >= length
                        and not closing.group(3).strip()
                    ):
                        break
                    body.append(lines[i - 1])
                out.append(Block("fence", info.strip(), "".join(b + "\n" for b in body)))
                continue
        html = next(((end, interrupts) for start, end, interrupts in _HTML if start.match(line)), None)
        if html is not None and (html[1] or not paragraph):
            flush()
            body = [line]
            end = html[0]
            if end is None:
                while i < len(lines) and lines[i].strip():
                    body.append(lines[i])
                    i += 1
            else:
                while not end.search(body[-1]) and i < len(lines):
                    body.append(lines[i])
                    i += 1
            out.append(Block("html", "", "\n".join(body) + "\n"))
            continue
        if not line.strip():
            flush()
        elif len(line) - len(line.lstrip(" ")) >= 4 and not paragraph:
            body = [line[4:]]
            while i < len(lines) and (not lines[i].strip() or lines[i].expandtabs(4).startswith("    ")):
                body.append(lines[i].expandtabs(4)[4:])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            out.append(Block("code", "", "".join(b + "\n" for b in body)))
        elif paragraph and (underline := _SETEXT.match(line)):
            out.append(
                Block("heading", "1" if underline.group(1)[0] == "=" else "2", "\n".join(s.strip() for s in paragraph))
            )
            paragraph.clear()
        elif _HR.match(line):
            flush()
            out.append(Block("hr", "", ""))
        elif not paragraph and (definition := _DEFINITION.match(line)):
            out.append(Block("definition", definition.group(), ""))
        elif heading := _ATX.match(line):
            flush()
            out.append(Block("heading", str(len(heading.group(1))), (heading.group(2) or "").strip()))
        else:
            paragraph.append(line)
    flush()
    return out
