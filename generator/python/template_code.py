"""The code Jinja compiles templates into, with the render environment's two hottest calls
inlined (render.py): a view's attribute read and the output of a value. The template's code
does what those calls do, without the call, whenever their result is already known to be the
same; otherwise it calls them."""

from __future__ import annotations

import keyword
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.nodes


class InlineCodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator with the two hottest calls inlined, for every template (built-in
    or custom) in the same sandbox:

    - `obj.attr` takes `render._Sandbox.getattr`'s direct path in the template's own code when
      that class and attribute, and the type of the value read, are ones it already took the
      direct path for (so the same checks passed), else calls it;
    - `{{ value }}` puts a plain string `finalize` already found identifier-shaped, or a number,
      as it is, and an escaped value's placeholder, as `finalize` does (when no value is
      watched); else calls `finalize`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sdk_classes: dict[str, str] = {}  # attribute → the global holding its classes

    @jinja2.compiler.optimizeconst
    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: jinja2.compiler.Frame) -> None:
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        attr = repr(node.attr)
        classes = self._sdk_classes.setdefault(node.attr, f"_sdk_c{len(self._sdk_classes)}")
        # a view's public attribute read as `obj.name` (a third faster than the `getattr` call):
        # it never raises (a view's fields are set, its properties read them), and a name that
        # cannot follow a dot in Python (a keyword) is read with `getattr`
        plain = node.attr.isidentifier() and not keyword.iskeyword(node.attr)
        read = f"_sdk_o.{node.attr}" if plain else f"getattr(_sdk_o, {attr}, _sdk_absent)"
        self.write("(_sdk_v if type(_sdk_o := ")
        self.visit(node.node, frame)
        self.write(f") in {classes} and type(_sdk_v := {read}) in _sdk_values")
        self.write(f" else environment.getattr(_sdk_o, {attr}))")

    def visit_Template(self, node: jinja2.nodes.Template, frame: jinja2.compiler.Frame | None = None) -> None:
        """The template's module, then the names its inline paths read (globals of the module,
        made when it is loaded into an environment: a global is read faster than an attribute
        of `environment`): per attribute name, the set of classes read directly."""
        super().visit_Template(node, frame)
        if self.environment.is_async:
            return
        self.writeline("_sdk_absent, _sdk_values = environment.sdk_absent, environment.sdk_values")
        self.writeline("_sdk_safe, _sdk_numbers = environment.sdk_safe, environment.sdk_numbers")
        self.writeline("_sdk_slots, _sdk_escaped = environment.sdk_slots, environment.sdk_escaped")
        self.writeline("_sdk_marks = environment.sdk_marks")
        for attribute, name in self._sdk_classes.items():
            self.writeline(f"{name} = environment.sdk_classes({attribute!r})")

    def visit_Output(self, node: jinja2.nodes.Output, frame: jinja2.compiler.Frame) -> None:
        """One `yield` per run of template text and values, not one per part: the parts joined,
        a line each (as Jinja writes them into a buffer, so that an error maps to its line)."""
        if frame.buffer is not None or frame.require_output_check or self.environment.is_async:
            super().visit_Output(node, frame)
            return
        finalize = self._make_finalize()
        body: list[list[Any] | jinja2.nodes.Expr] = []
        for child in node.nodes:  # constants joined at compile time, as Jinja does
            try:
                if not (finalize.const or isinstance(child, jinja2.nodes.TemplateData)):
                    raise jinja2.nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except Exception:
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) < 2:
            super().visit_Output(node, frame)
            return
        self.writeline("yield ''.join((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")

    def _inline_finalize(self, frame: jinja2.compiler.Frame, finalize: Any) -> bool:
        return (
            not frame.eval_ctx.volatile
            and not frame.eval_ctx.autoescape
            and finalize.src == "environment.finalize(context, "
            and not self.environment.is_async
        )

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._inline_finalize(frame, finalize):
            self.write("(_sdk_f if (_sdk_t := type(_sdk_f := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._inline_finalize(frame, finalize):
            self.write(
                ")) is str and _sdk_f in _sdk_safe"
                " else _sdk_marks[_sdk_n] if _sdk_t in _sdk_escaped and _sdk_slots.watch is None"
                " and (_sdk_n := len(_sdk_l := _sdk_slots.values)) < len(_sdk_marks)"
                " and _sdk_l.append(_sdk_f) is None"
                " else str(_sdk_f) if _sdk_t in _sdk_numbers"
                " else str(environment.finalize(context, _sdk_f)))"
            )
        else:
            super()._output_child_post(node, frame, finalize)
