"""Custom templates run sandboxed, and no template can put spec text where it was not escaped for.

Hostile custom templates (sandbox escapes, memory bombs, escaped values in the wrong context,
raw spec text through `|safe`, `~`, `format`, a captured block…) are each bad input at their own
file and line, with nothing written; and the built-in templates, given a spec whose text tries
to break out of every context, write Python that parses with no code from the spec.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.config import make_config
from generator.diagnostics import BadInput
from generator.files import RenderedFile
from generator.pipeline import Analyzed, analyze, build
from generator.python.escape import docstring
from generator.python.render import environment, render
from generator.python.views_models import doc_text
from tests.helpers import assert_clean, generate, sdkgen
from tests.hostile_spec import EVIL, hostile_spec

README = "project/README.md.j2"
CLIENT = "sdk/package/_client.py.j2"
PYPROJECT = "project/pyproject.toml.j2"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spec")
    return hostile_spec(folder / "hostile.json", folder / "pwned")


@pytest.fixture(scope="module")
def analyzed(spec: Path) -> Analyzed:
    return analyze(make_config(spec, output=spec.parent / "out", package_name="hostile", base=spec.parent))


def build_with(tmp_path: Path, analyzed: Analyzed, templates: dict[str, str]) -> list[RenderedFile]:
    """The rendered files of the hostile spec with these custom templates (the rest built in)."""
    (tmp_path / "tpl").mkdir(exist_ok=True)
    for name, text in templates.items():
        (tmp_path / "tpl" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tpl" / name).write_text(text)
    return render(analyzed.api, dataclasses.replace(analyzed.config, templates_dir=tmp_path / "tpl"))


def refused(tmp_path: Path, analyzed: Analyzed, template: str, text: str) -> str:
    """The one-line error a hostile template gets; it names the template's file and line."""
    with pytest.raises(BadInput) as caught:
        build_with(tmp_path, analyzed, {template: text})
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'tpl' / template}:"), message
    assert "custom template: " in message and "\n" not in message
    assert not (analyzed.config.spec.parent / "pwned").exists()
    return message


def line_of(message: str, template: str, tmp_path: Path) -> int:
    return int(message.removeprefix(f"{tmp_path / 'tpl' / template}:").split(":", 1)[0])


# ------------------------------------------------------------------------------------ sandbox
ESCAPES = [
    pytest.param('{{ cycler.__init__.__globals__.os.system("touch PWNED") }}', id="cycler-globals"),
    pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", id="str-mro-subclasses"),
    pytest.param("{{ ().__class__.__base__.__subclasses__() }}", id="tuple-base-subclasses"),
    pytest.param("{{ self._TemplateReference__context }}", id="template-reference-context"),
    pytest.param("{{ lipsum.__globals__ }}", id="lipsum-globals"),
    pytest.param("{{ joiner.__init__.__globals__ }}", id="joiner-globals"),
    pytest.param("{{ namespace.__init__.__globals__ }}", id="namespace-globals"),
    pytest.param("{{ config.__class__ }}", id="config"),
    pytest.param("{{ readme.__class__.__init__.__globals__ }}", id="view-dunder"),
    pytest.param("{{ readme.description|attr('__class__') }}", id="attr-filter"),
    pytest.param("{{ '{0.__class__.__mro__}'.format(readme) }}", id="format-dunder"),
    pytest.param("{{ readme.groups.append(1) }}", id="mutate-view"),
    pytest.param("{% for x in range(10**9) %}{% endfor %}", id="range-bomb"),
    pytest.param("{{ 'x' * 10**9 }}", id="repeat-bomb"),
    pytest.param("{{ 9 ** 99999999 }}", id="power-bomb"),
    pytest.param("{{ '%0999999999d' % 1 }}", id="format-width-bomb"),
    pytest.param('{% include "../../../../../../etc/passwd" %}', id="include-outside"),
    pytest.param("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", id="recursion"),
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_a_sandbox_escape_is_bad_input_at_its_line(tmp_path: Path, analyzed: Analyzed, payload: str) -> None:
    payload = payload.replace("PWNED", str(analyzed.config.spec.parent / "pwned"))
    message = refused(tmp_path, analyzed, README, f"# Title\n\n{payload}\n")
    assert line_of(message, README, tmp_path) == 3, message


def test_a_sandbox_violation_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, spec: Path) -> None:
    """Through the command line: exit 2, one line naming the template's file and line, no
    traceback, no output folder."""
    pwned = tmp_path / "pwned"
    (tmp_path / "tpl" / "sdk" / "package").mkdir(parents=True)
    (tmp_path / "tpl" / CLIENT).write_text(f'x = 1\n{{{{ cycler.__init__.__globals__.os.system("touch {pwned}") }}}}\n')
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.sdkgen]\n[[tool.sdkgen.sdk]]\nspec = "{spec}"\npackage_name = "hostile"\ntemplates = "tpl"\n'
    )
    result = sdkgen("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"error: {tmp_path / 'tpl' / CLIENT}:2: custom template: SecurityError"), message
    assert "Traceback" not in result.stderr
    assert not pwned.exists()
    assert not (tmp_path / "generated").exists()


# ------------------------------------------------------------------------- the wrong context
WRONG_CONTEXT = [
    # a docstring-escaped description (the client's docstring) anywhere but inside `"""`
    pytest.param(CLIENT, "x = 1\n# {{ client.doc }}\n", "a # comment", id="docstring-after-hash"),
    pytest.param(CLIENT, 'x = 1\ny = "{{ client.doc }}"\n', "a string literal", id="docstring-in-string"),
    pytest.param(CLIENT, "x = 1\ny = '''{{ client.doc }}'''\n", "a string literal", id="docstring-in-single-triple"),
    pytest.param(CLIENT, 'x = 1\ny = f"""{{ client.doc }}"""\n', "an f-string", id="docstring-in-f-string"),
    pytest.param(CLIENT, 'x = 1\ny = rf"""{{ client.doc }}"""\n', "an f-string", id="docstring-in-rf-string"),
    pytest.param(CLIENT, 'x = 1\ny = f"{ {{ client.doc }} }"\n', "an f-string", id="docstring-in-f-field"),
    pytest.param(
        CLIENT, 'x = 1\ny = {{ "f" }}{{ package_str }}"""{{ client.doc }}"""\n', "f-string", id="joined-prefix"
    ),
    pytest.param(CLIENT, "x = 1\ny = {{ client.doc }}\n", "Python code", id="docstring-as-code"),
    pytest.param(CLIENT, 'x = 1\ny = b"""{{ client.doc }}"""\n', "a string literal", id="docstring-in-bytes"),
    # a string literal inside another string, or in a comment
    pytest.param(CLIENT, 'x = 1\ny = "a{{ package_str }}"\n', "a string literal", id="literal-in-string"),
    pytest.param(CLIENT, '"""\n{{ package_str }}\n"""\n', "a docstring", id="literal-in-docstring"),
    # Markdown: a docstring, Python code or a block where they do not belong
    pytest.param(README, "# T\n\n{{ title_doc }}\n", "a Markdown block", id="docstring-in-markdown"),
    pytest.param(README, "# T\n\nText {{ readme.example }} more.\n", "a line of Markdown", id="code-in-prose"),
    pytest.param(README, "# {{ readme.description }}\n", "a line of Markdown", id="block-in-heading"),
    pytest.param(README, "a\n\n```\n{{ readme.description }}\n```\n", "a Markdown code block", id="prose-in-fence"),
    pytest.param(README, "a\n\n`{{ readme.title }}`\n", "a Markdown code span", id="prose-in-code-span"),
    pytest.param(README, "a\n\n<div>\n{{ readme.title }}\n</div>\n", "Markdown HTML", id="prose-in-html"),
    pytest.param(README, "a\n\n<!--\n{{ readme.title }}\n-->\n", "Markdown HTML", id="prose-in-comment"),
    pytest.param(README, "a\n\n| x |\n|---|\n| {{ readme.description }} |\n", "table cell", id="block-in-cell"),
    pytest.param(README, "a\n\nx | y\n--|--\n{{ readme.groups[0][0] }} | y\n", "table cell", id="code-in-bare-row"),
    pytest.param(README, "a\n\n    {{ readme.example }}\n", "indented Markdown code", id="code-in-indented"),
    pytest.param(README, "a\n\n`` {{ readme.groups[0][0] }}\n", "a Markdown code span", id="after-unclosed-run"),
    pytest.param(README, "a\n\nx `{{ readme.groups[0][0] }}` y\n", "a Markdown code span", id="code-in-code"),
    pytest.param(README, "a\n\nx\\{{ readme.groups[0][0] }} y\n", "backslash", id="code-after-backslash"),
    # TOML
    pytest.param(PYPROJECT, 'a = "{{ project.description }}"\n', "a TOML string", id="toml-in-string"),
    pytest.param(PYPROJECT, "a = 1\n# {{ project.description }}\n", "a TOML comment", id="toml-in-comment"),
    pytest.param(PYPROJECT, "a = {{ package_str }}\n", "a TOML value", id="python-in-toml"),
]


@pytest.mark.parametrize(("template", "text", "context"), WRONG_CONTEXT)
def test_a_value_escaped_for_one_context_is_refused_in_another(
    tmp_path: Path, analyzed: Analyzed, template: str, text: str, context: str
) -> None:
    message = refused(tmp_path, analyzed, template, text)
    assert context in message, message
    assert line_of(message, template, tmp_path) == text.count("\n", 0, text.index("{{")) + 1, message


RAW = [
    pytest.param("{{ readme.description|safe }}", id="safe"),
    pytest.param("{{ readme.description|e }}", id="markup-escape"),
    pytest.param("{{ readme.description|forceescape }}", id="forceescape"),
    pytest.param("{{ readme.description ~ '' }}", id="tilde"),
    pytest.param("{{ readme.description + '' }}", id="plus"),
    pytest.param("{{ '%s'|format(readme.description) }}", id="format-filter"),
    pytest.param("{{ '%s' % readme.description }}", id="percent"),
    pytest.param("{{ '{}'.format(readme.description) }}", id="str-format"),
    pytest.param("{{ readme.description|replace('&lt;', '<') }}", id="unescape"),
    pytest.param("{{ readme.description[0:10000] }}", id="slice"),
    pytest.param("{{ readme.description|list|join('') }}", id="join"),
    pytest.param("{{ readme.description|upper }}", id="upper"),
    pytest.param("{% set x %}{{ readme.description }}{% endset %}{{ x }}", id="captured-block"),
    pytest.param("{% macro m() %}{{ readme.description }}{% endmacro %}{{ m() }}", id="macro"),
    pytest.param("\ue000", id="stray-placeholder-character"),
]


@pytest.mark.parametrize("payload", RAW)
def test_no_template_can_emit_raw_spec_text(tmp_path: Path, analyzed: Analyzed, payload: str) -> None:
    refused(tmp_path, analyzed, README, f"# Title\n\n{payload}\n")


def test_escaping_again_for_the_right_context_is_accepted(tmp_path: Path, analyzed: Analyzed) -> None:
    """The filters escape for their context whatever they are given: a template may re-escape."""
    files = build_with(
        tmp_path,
        analyzed,
        {
            README: "# {{ readme.title }}\n\n{{ readme.description|md_inline }}\n\nx {{ readme.title|md_code }}\n",
            CLIENT: 'x = 1  # {{ client.doc|comment }}\ny = {{ client.doc|pystr }}\n"""{{ client.doc }}"""\n',
        },
    )
    client = next(f.text for f in files if f.path == "hostile/_client.py")
    tree = ast.parse(client)
    assert [type(node).__name__ for node in tree.body] == ["Assign", "Assign", "Expr"]


def test_the_built_in_templates_place_every_value_in_its_context(tmp_path: Path, spec: Path) -> None:
    """Descriptions with `\"\"\"`, LF, CR, U+2028, `# `, NUL, `{{`, `{%`: every Python file parses,
    and none has code from the spec (no call, name or statement of it outside string literals)."""
    files = build(make_config(spec, output=tmp_path / "out", package_name="hostile", base=spec.parent)).files
    pythons = [f for f in files if f.path.endswith(".py")]
    assert len(pythons) > 10
    for file in pythons:
        tree = ast.parse(file.text, file.path)
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"hostile_call", "hostile_name", "foo"}, file.path
        assert "system" not in attrs, file.path
        strings = "".join(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
        tokens = tokenize.generate_tokens(io.StringIO(file.text).readline)
        code = " ".join(t.string for t in tokens if t.type not in (tokenize.STRING, tokenize.COMMENT))
        assert "hostile_call" not in code and "touch" not in code and "{{" not in code, file.path
        if "hostile_call" in file.text:
            assert "hostile_call" in strings, file.path
    assert not (spec.parent / "pwned").exists()
    assert EVIL  # the spec used it


def test_templates_reach_no_raw_spec_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value a template is given is escaped, an identifier the naming module made, or the
    generator's own text: walking everything reachable from the render context finds spec text
    only inside escaped values. The spec's texts carry a marker no identifier can (mixed case
    and a space: naming changes both)."""
    marker = "Zq Marker"
    spec = tmp_path / "marked.json"
    hostile_spec(spec, tmp_path / "pwned")
    spec.write_text(spec.read_text().replace("Evil", marker).replace("Hostile", marker))
    seen: list[dict[str, Any]] = []
    render = jinja2.Template.render

    def recording(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        seen.append(kwargs)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", recording)
    config = make_config(spec, output=tmp_path / "out", package_name="marked", base=tmp_path)
    build(config)
    assert len(seen) > 10
    sandbox = environment()
    raw = [path for kwargs in seen for path in _plain_strings(sandbox, kwargs, "") if marker in path[1]]
    assert raw == []


def _plain_strings(sandbox: Any, value: object, where: str, depth: int = 0) -> list[tuple[str, str]]:
    """The plain strings a template can reach from `value` (what the sandbox lets it read)."""
    assert depth < 30, where
    if type(value) is str:
        return [(where, value)]
    if isinstance(value, str | int | float | bool) or value is None:
        return []  # escaped values (str subclasses) and numbers
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
        items: list[tuple[str, object]] = [(n, v) for n, v in fields if sandbox.is_safe_attribute(value, n, v)]
    elif isinstance(value, dict):
        items = [(str(k), v) for k, v in value.items()] + [(f"{k!r}(key)", k) for k in value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        raise AssertionError(f"{where}: a {type(value).__name__} reaches the templates")
    return [found for name, item in items for found in _plain_strings(sandbox, item, f"{where}.{name}", depth + 1)]


@pytest.mark.slow
def test_the_hostile_sdk_passes_the_checkers(tmp_path: Path, spec: Path) -> None:
    """mypy --strict, ruff and black accept the SDK of the hostile spec as emitted."""
    out = generate(spec, tmp_path / "out", "hostile")
    assert_clean(out, "hostile")


DOCSTRING_ENDINGS = [
    'come from?"',
    'x"""',
    'x""""',
    'x"""""',
    '"a"',
    'a\\"',
    'q "" end""',
    'x"\n\ny"',
    "long " * 20 + '"',
]


def test_a_docstring_ending_in_quotes_keeps_its_text_and_black_agrees_with_ruff(tmp_path: Path) -> None:
    """A description ending in a quote came out as `...\\"` + `\"\"\"`, which ruff format keeps and
    black rewrites (GitHub's models failed `black --check`); no quote run may close the string."""
    source = "".join(
        f'class C{i}:\n    """{doc_text(text, fallback="")}"""\n\n\n' for i, text in enumerate(DOCSTRING_ENDINGS)
    )
    tree = ast.parse(source)
    for text, node in zip(DOCSTRING_ENDINGS, tree.body, strict=True):
        assert isinstance(node, ast.ClassDef)
        assert (ast.get_docstring(node) or "").rstrip() == ast.get_docstring(
            ast.parse(f"class C:\n    {text!r}\n").body[0]
        )
    assert docstring('said "hi"').endswith('" ')
    path = tmp_path / "docs.py"
    path.write_text(source)
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=True)
    formatted = path.read_text()
    black = subprocess.run(
        [sys.executable, "-m", "black", "-q", "--check", "--diff", str(path)], capture_output=True, text=True
    )
    assert black.returncode == 0, black.stdout
    assert '\\""""' not in formatted  # no `\"` right before the closing quotes
