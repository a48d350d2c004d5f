"""Fee formulas: arithmetic over named process parameters, read without ``eval``.

Regional retribution is often a formula, e.g. rate x floor area x building index. A
formula is numbers, parameter names (letters, digits and ``_``, starting with a letter),
``+ - * /``, unary minus and parentheses. :func:`parse` reads it into a tree of tuples;
:func:`evaluate` computes it from a mapping of parameters. Errors say at which column
(1-based) of the formula the problem is.

>>> evaluate(parse("rate * floor_area * (1 + index) / 2"),
...          {"rate": 10000, "floor_area": 120, "index": 0.5})
900000.0
>>> names(parse("rate * area + 50000"))
('rate', 'area')
>>> parse("2 * (3 + ")
Traceback (most recent call last):
...
bpmodel.formula.FormulaError: column 9: a number, a name or ( is missing here
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Node = tuple
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?|\.\d+)|([A-Za-z][A-Za-z0-9_]*)|(.))")


class FormulaError(ValueError):
    """A formula that cannot be read or computed; ``column`` is 1-based."""

    def __init__(self, message: str, column: int = 1):
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:  # only trailing blanks are left
            break
        number, name, other = match.groups()
        column = match.start(match.lastindex) + 1
        if number is not None:
            out.append(("number", number, column))
        elif name is not None:
            out.append(("name", name, column))
        elif other is not None:
            if other not in "+-*/()":
                raise FormulaError(f"{other!r} cannot be used in a formula; use numbers, "
                                   f"names, + - * / and parentheses", column)
            out.append((other, other, column))
        position = match.end()
    out.append(("end", "", len(text.rstrip()) + 1))
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.peek()[0] in "+-" and self.peek()[0] != "end":
            op = self.take()
            node = (op[0], node, self.term(), op[2])
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek()[0] in ("*", "/"):
            op = self.take()
            node = (op[0], node, self.factor(), op[2])
        return node

    def factor(self) -> Node:
        kind, value, column = self.take()
        if kind == "number":
            return ("number", float(value), column)
        if kind == "name":
            return ("name", value, column)
        if kind == "-":
            return ("neg", self.factor(), column)
        if kind == "(":
            node = self.expression()
            closing = self.take()
            if closing[0] != ")":
                raise FormulaError("a closing ) is missing here", closing[2])
            return node
        raise FormulaError("a number, a name or ( is missing here", column)


def parse(text: str) -> Node:
    """The tree of a formula; :class:`FormulaError` when it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("the formula is empty")
    parser = _Parser(text)
    node = parser.expression()
    kind, value, column = parser.peek()
    if kind != "end":
        raise FormulaError(f"{value!r} is not expected here", column)
    return node


def names(node: Node) -> tuple[str, ...]:
    """The parameter names a formula uses, in order of first use."""
    found: dict[str, None] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        if current[0] == "name":
            found[current[1]] = None
        elif current[0] == "neg":
            stack.append(current[1])
        elif current[0] != "number":
            stack += [current[2], current[1]]
    return tuple(found)


def evaluate(node: Node, parameters: Mapping[str, float]) -> float:
    """The value of a formula; :class:`FormulaError` for an unknown name or a division by 0.

    >>> evaluate(parse("a / b"), {"a": 1, "b": 0})
    Traceback (most recent call last):
    ...
    bpmodel.formula.FormulaError: column 3: division by 0
    """
    kind = node[0]
    if kind == "number":
        return node[1]
    if kind == "name":
        if node[1] not in parameters:
            known = ", ".join(sorted(parameters)) or "none"
            raise FormulaError(f"unknown parameter {node[1]!r} (the process declares: "
                               f"{known})", node[2])
        return float(parameters[node[1]])
    if kind == "neg":
        return -evaluate(node[1], parameters)
    left, right = evaluate(node[1], parameters), evaluate(node[2], parameters)
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    if right == 0:
        raise FormulaError("division by 0", node[3])
    return left / right
