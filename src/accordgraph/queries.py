"""The query library: stored SPARQL queries (``queries/*.rq``), their parameters, and running them.

Each stored query opens with a header::

    #+ title: Countries named as candidates, and by whom
    #+ description: Countries named as likely next members of an agreement
    #+   (a line without a key continues the one before).
    #+ params: agreement="Abraham Accords" speaker?

``params`` lists parameter names: ``name`` is required, ``name=value`` has a default,
``name?`` is optional (left unbound when not given). A parameter ``name`` binds the
variable ``?name`` with a ``VALUES`` block at the top of the query's WHERE group, the
value always a string literal (escaped, so no value can change the query).

An optional parameter can also change the query's shape, so that a given value drives
the plan instead of filtering a full listing (Oxigraph plans a query before it sees a
``VALUES`` value, and a sub-select cannot see the outer ``?name`` at all):

- a line ``#?name <SPARQL>`` (or ``#?a,b <SPARQL>``) is a comment unless one of the named
  parameters is given; then it is ``<SPARQL>``, with ``?name`` written as the value's
  string literal;
- lines between two ``#!a,b`` lines are dropped when one of ``a``, ``b`` is given.

Markers naming anything but declared parameters are plain comments.

Queries are read-only unless told otherwise: SPARQL Update, ``LOAD`` and ``SERVICE``
(which reach out to the network) are refused. A lexical pass that skips comments,
strings and IRIs clears plain queries; anything else is decided by rdflib's parser.

>>> print(bind_params('SELECT ?n WHERE { ?c ?p ?n }', {"n": 'Say "hi"'}, ["n"]))
SELECT ?n WHERE {
  VALUES ?n { "Say \\"hi\\"" }
 ?c ?p ?n }
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import QueryError
from .output import Table

_HERE = Path(__file__).resolve().parent
# a checkout keeps the library in queries/; a wheel ships it as accordgraph/_queries
LIBRARY_CANDIDATES = (_HERE.parents[1] / "queries", _HERE / "_queries")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER = re.compile(r"#\+\s?(?:(?P<key>[A-Za-z_]+)\s*:)?(?P<value>.*)")


@dataclass(frozen=True)
class Param:
    """A query parameter: a default value, else required unless ``optional``."""

    name: str
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def __str__(self) -> str:
        if self.default is not None:
            return f"{self.name}={self.default}"
        return f"{self.name}?" if self.optional else self.name


@dataclass(frozen=True)
class StoredQuery:
    """A query of the library (or a file or text given by the user)."""

    name: str
    title: str
    description: str
    params: tuple[str, ...]
    sparql: str
    path: Path | None = None
    param_specs: tuple[Param, ...] = field(default=(), compare=False)

    @property
    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.param_specs if p.default is not None}


# ---------------------------------------------------------------------------
# Reading queries


def parse_params(text: str) -> tuple[Param, ...]:
    """Parameters from a ``#+ params:`` value.

    >>> [str(p) for p in parse_params('agreement="Abraham Accords", country speaker?')]
    ['agreement=Abraham Accords', 'country', 'speaker?']
    """
    try:
        tokens = shlex.split(text.replace(",", " "))
    except ValueError as exc:
        raise QueryError(f"params: {exc}") from None
    out: list[Param] = []
    for token in tokens:
        name, eq, default = token.partition("=")
        optional = not eq and name.endswith("?")
        name = name.removesuffix("?") if optional else name
        if not _NAME.fullmatch(name):
            raise QueryError(f"params: {name!r} is not a valid parameter name")
        if any(p.name == name for p in out):
            raise QueryError(f"params: {name!r} is declared twice")
        out.append(Param(name, default if eq else None, optional))
    return tuple(out)


def parse_query_text(
    sparql: str, name: str, path: Path | None = None, *, require_title: bool = False
) -> StoredQuery:
    """A StoredQuery from SPARQL text with a ``#+`` header (optional unless ``require_title``)."""
    header: dict[str, list[str]] = {}
    key = None
    for line in sparql.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        m = _HEADER.fullmatch(stripped)
        if not m:
            if stripped.startswith("#"):
                continue
            break
        if m["key"]:
            key = m["key"].lower()
            header.setdefault(key, []).append(m["value"].strip())
        elif key:
            header[key].append(m["value"].strip())
    where = f"{path}" if path else name
    if all(not line.strip() or line.lstrip().startswith("#") for line in sparql.splitlines()):
        raise QueryError(f"{path}: empty query" if path else "empty query")
    try:
        specs = parse_params(" ".join(header.get("params", [])))
    except QueryError as exc:
        raise QueryError(f"{where}: {exc}") from None
    title = " ".join(header.get("title", [])).strip()
    if require_title and not title:
        raise QueryError(f"{where}: no '#+ title:' header")
    return StoredQuery(
        name=name,
        title=title or name,
        description=" ".join(header.get("description", [])).strip(),
        params=tuple(p.name for p in specs),
        sparql=sparql,
        path=path,
        param_specs=specs,
    )


def library_dir(directory: str | Path | None = None) -> Path:
    """The query library directory: the one given, else the checkout's or the wheel's."""
    if directory is not None:
        d = Path(directory)
        if not d.is_dir():
            raise QueryError(f"{d}: no such query directory")
        return d
    for candidate in LIBRARY_CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise QueryError("the query library is missing (no queries/ directory)")


def read_query_file(path: str | Path, *, require_title: bool = False) -> StoredQuery:
    """A ``.rq`` file: UTF-8 text within the size limit, with a ``#+`` header or none."""
    from .articles import read_text_file
    from .limits import QUERY_BYTES

    p = Path(path)
    if p.is_dir():
        raise QueryError(f"{p}: is a directory, not a query file")
    if not p.exists():
        raise QueryError(f"{p}: no such query file")
    text = read_text_file(p, QUERY_BYTES, "one query", QueryError)
    return parse_query_text(text, p.stem, p, require_title=require_title)


def load_library(directory: str | Path | None = None) -> dict[str, StoredQuery]:
    """Every ``*.rq`` of the library by name (the file name without .rq), sorted by name."""
    d = library_dir(directory)
    return {p.stem: read_query_file(p, require_title=True) for p in sorted(d.glob("*.rq"))}


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it: not a file
        return False


def resolve_query(query: str | Path | StoredQuery, directory: str | Path | None = None) -> StoredQuery:
    """A stored query by name, a ``.rq`` file by path, or SPARQL text as given."""
    if isinstance(query, StoredQuery):
        return query
    text = str(query)
    if _NAME.fullmatch(text.replace("-", "_")):
        library = load_library(directory)
        if text in library:
            return library[text]
        if not _is_file(text):
            close = difflib.get_close_matches(text, library, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; stored queries: {', '.join(library)}"
            raise QueryError(f"unknown query {text!r}{hint}")
    if "\n" not in text and (text.endswith(".rq") or _is_file(text)):
        if not _is_file(text):
            raise QueryError(f"{text}: no such query file")
        return read_query_file(text)
    return parse_query_text(text, "query")


# ---------------------------------------------------------------------------
# Binding parameters


def sparql_string(value: str) -> str:
    """A SPARQL string literal for any text: quotes, backslashes and line breaks escaped.

    >>> print(sparql_string('a "b"\\nc'))
    "a \\"b\\"\\nc"
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_STRING_ENDS = {'"""': '"""', "'''": "'''", '"': '"', "'": "'"}


def _skip_string(text: str, i: int) -> int:
    """Index after the string literal starting at ``i``."""
    quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        if len(quote) == 1 and text[j] in "\n\r":
            break
        j += 1
    raise QueryError("malformed SPARQL: unterminated string literal")


def _tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """``(index, token)`` for each bracket and bare word (upper-cased) of SPARQL text.

    Comments, strings, IRIs, variables and prefixed names are skipped, so ``?where``,
    ``"SERVICE"``, ``where:thing`` or ``# DROP ALL`` yield no word.

    >>> [t for _, t in _tokens('SELECT ?service { ?s ex:drop "DROP" } # DROP ALL')]
    ['SELECT', '{', '}']
    """
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            nl = sparql.find("\n", i)
            i = n if nl < 0 else nl + 1
        elif c in "\"'":
            i = _skip_string(sparql, i)
        elif c == "<" and (m := _IRIREF.match(sparql, i)):
            i = m.end()
        elif c in "?$":
            m = _WORD.match(sparql, i + 1)
            i = m.end() if m else i + 1
        elif c in "{}()":
            yield i, c
            i += 1
        elif m := _WORD.match(sparql, i):
            i = m.end()
            if i < n and sparql[i] == ":":  # a prefixed name such as where:thing
                while i < n and not sparql[i].isspace() and sparql[i] not in "{}();,":
                    i += 1
                continue
            yield m.start(), m.group().upper()
        else:
            i += 1


def where_group_start(sparql: str) -> int:
    """Index just inside the ``{`` that opens the query's top-level WHERE group.

    >>> q = 'CONSTRUCT { ?s ?p "{" } # where {\\nWHERE { ?s ?p ?o }'
    >>> q[where_group_start(q):]
    ' ?s ?p ?o }'
    """
    depth = parens = 0
    seen_where = seen_construct = False
    for i, token in _tokens(sparql):
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{":
            if depth == 0 and parens == 0 and (seen_where or not seen_construct):
                return i + 1
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and parens == 0:
            seen_where = seen_where or token == "WHERE"
            seen_construct = seen_construct or token == "CONSTRUCT"
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _declared(declared: Iterable[str | Param]) -> dict[str, Param]:
    out: dict[str, Param] = {}
    for d in declared:
        p = d if isinstance(d, Param) else Param(d)
        out[p.name] = p
    return out


_SECTION = re.compile(
    r"(?P<indent>[ \t]*)#(?P<mark>[?!])(?P<names>[A-Za-z_][A-Za-z0-9_]*(?:,[A-Za-z_][A-Za-z0-9_]*)*)"
    r"(?:[ \t](?P<text>.*))?"
)


def apply_sections(sparql: str, given: Mapping[str, str], declared: Iterable[str]) -> str:
    """The query with its ``#?`` lines and ``#!`` sections resolved for the ``given`` values.

    >>> q = "SELECT * WHERE {\\n#!p\\n  ?s ?x ?o .\\n#!p\\n  #?p ?s ?x ?p .\\n}"
    >>> print(apply_sections(q, {"p": 'a "b"'}, ["p"]))
    SELECT * WHERE {
      ?s ?x "a \\"b\\"" .
    }
    >>> apply_sections(q, {}, ["p"]) == q
    True
    """
    declared = set(declared)

    def any_given(names: str) -> bool:
        return any(name in given for name in names.split(","))

    out: list[str] = []
    open_section: str | None = None  # the names of the #! section the line is in
    for line in sparql.splitlines(keepends=True):
        m = _SECTION.fullmatch(line.rstrip("\r\n"))
        dropped = open_section is not None and any_given(open_section)
        if not m or not set(m["names"].split(",")) <= declared:  # not a marker: plain text
            if not dropped:
                out.append(line)
        elif m["mark"] == "!":
            open_section = m["names"] if open_section is None else None
            if not any_given(m["names"]):
                out.append(line)
        elif dropped:
            continue
        elif any_given(m["names"]):
            text = m["text"] or ""
            for name, value in given.items():
                text = re.sub(rf"[?$]{name}(?![A-Za-z0-9_])", lambda _, v=value: sparql_string(v), text)
            out.append(f"{m['indent']}{text}\n")
        else:
            out.append(line)
    if open_section is not None:
        raise QueryError(f"a '#!{open_section}' section is not closed")
    return "".join(out)


def bind_params(sparql: str, params: Mapping[str, str], declared: Iterable[str | Param]) -> str:
    """Bind ``params`` (with the declared defaults) as string literals in a VALUES block.

    Unknown and missing required parameters raise QueryError naming them.
    """
    specs = _declared(declared)
    unknown = sorted(set(params) - set(specs))
    if unknown:
        takes = f"it takes: {', '.join(specs)}" if specs else "it takes none"
        s = "s" if len(unknown) > 1 else ""
        raise QueryError(f"unknown parameter{s} {', '.join(unknown)} ({takes})")
    missing = [name for name, p in specs.items() if p.required and name not in params]
    if missing:
        s = "s" if len(missing) > 1 else ""
        raise QueryError(f"missing required parameter{s}: {', '.join(missing)}")
    values = {name: params.get(name, p.default) for name, p in specs.items()}
    bound = {name: v for name, v in values.items() if v is not None}
    for name, value in bound.items():
        if not isinstance(value, str):
            raise QueryError(f"parameter {name}: value must be text, not {type(value).__name__}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise QueryError(f"parameter {name}: not UTF-8 text (character {exc.start})") from None
    sparql = apply_sections(sparql, bound, set(specs))
    if not bound:
        return sparql
    at = where_group_start(sparql)
    block = "".join(f"\n  VALUES ?{name} {{ {sparql_string(v)} }}" for name, v in bound.items())
    return sparql[:at] + block + "\n" + sparql[at:]


# ---------------------------------------------------------------------------
# Refusing updates and SERVICE

_UPDATE_KEYWORDS = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP",
    "Create": "CREATE", "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}


def _parse_error(exc: Any) -> str:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    where = f" at line {line}, column {col}" if line is not None else ""
    return f"malformed SPARQL{where}: {getattr(exc, 'msg', None) or exc}"


def _has_service(node: Any) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(item)
    return False


_SUSPECT = {"SERVICE", "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def _may_be_refused(sparql: str) -> bool:
    """False when the text has no bare update keyword and no SERVICE (a quick lexical pass).

    Only then is the full parse skipped; ``\\u`` escapes, which a parser may expand
    into keywords, always take the full parse.
    """
    if "\\u" in sparql or "\\U" in sparql:
        return True
    try:
        return any(token in _SUSPECT for _, token in _tokens(sparql))
    except QueryError:  # an unterminated string: let the parser say what is wrong
        return True


def syntax_error(sparql: str) -> str | None:
    """rdflib's account of why the text is not a SPARQL query (with line and column), or None."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        return _parse_error(exc)
    return None


def _parse_update(sparql: str) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return parseUpdate(sparql)
    except ParseException:
        return None


def check_read_only(sparql: str, allow_update: bool = False, allow_service: bool = False) -> str:
    """Return ``"query"`` or ``"update"``, refusing updates and SERVICE unless allowed.

    A quick lexical pass (comments, strings and IRIs skipped) clears text with no update
    keyword and no SERVICE; anything else is parsed with rdflib's SPARQL parser, which
    decides. Syntax errors in plain queries are left to the store's parser.

    >>> check_read_only('SELECT * WHERE { ?s ?p "SERVICE" }')
    'query'
    >>> check_read_only("# a comment\\nDROP ALL")
    Traceback (most recent call last):
    ...
    accordgraph.errors.QueryError: refused: SPARQL Update (DROP); read-only unless updates are allowed
    """
    if not _may_be_refused(sparql):
        return "query"  # no update keyword, no SERVICE: the store's own parser does the rest
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree, kind = parseQuery(sparql), "query"
    except ParseException as exc:
        query_error = _parse_error(exc)
        tree, kind = _parse_update(sparql), "update"
        if tree is None or not tree.request:
            raise QueryError(query_error) from None
    if kind == "update" and not allow_update:
        ops = dict.fromkeys(_UPDATE_KEYWORDS.get(op.name, op.name) for op in tree.request)
        raise QueryError(f"refused: SPARQL Update ({', '.join(ops)}); read-only unless updates are allowed")
    if kind == "update" and not allow_service and any(op.name == "Load" for op in tree.request):
        raise QueryError(
            "refused: LOAD fetches a document from the network; it runs only with SERVICE allowed"
        )
    if not allow_service and _has_service(tree):
        raise QueryError("refused: SERVICE fetches from the network; it runs only when allowed")
    if kind == "update" and any(_writes_default_graph(op) for op in tree.request):
        raise QueryError(
            "refused: the default graph is the merge of the named graphs and is rebuilt after"
            " each update; write into a named graph (INSERT DATA { GRAPH <iri> { ... } })"
        )
    return kind


def _writes_default_graph(op: Any) -> bool:
    """Whether an update operation adds triples to the default graph itself.

    >>> from rdflib.plugins.sparql.parser import parseUpdate
    >>> [_writes_default_graph(op) for op in parseUpdate(
    ...     "INSERT DATA { <x:a> <x:b> 1 } ; INSERT DATA { GRAPH <x:g> { <x:a> <x:b> 1 } }").request]
    [True, False]
    """
    def has(node: Any, key: str) -> bool:  # CompValue.get(key) answers the key itself when absent
        return key in node and bool(node[key])

    if op.name == "InsertData":
        return has(op.quads, "triples")
    if op.name == "Modify":
        return has(op, "insert") and not has(op, "withClause") and has(op["insert"].quads, "triples")
    if op.name == "Load":
        return not has(op, "graphiri")
    if op.name in ("Add", "Move", "Copy"):
        return str(op.graph[-1]) == "DEFAULT"
    return False


# ---------------------------------------------------------------------------
# Running


def run_query(
    store: Any,
    query: str | Path | StoredQuery,
    params: Mapping[str, str] | None = None,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
    directory: str | Path | None = None,
) -> Table:
    """Run a stored query (by name), a ``.rq`` file or SPARQL text on a store; rows as a Table."""
    q = resolve_query(query, directory)
    sparql = bind_params(q.sparql, params or {}, q.param_specs)
    kind = check_read_only(sparql, allow_update=allow_update, allow_service=allow_service)
    if kind == "update":
        store.update(sparql)
        return Table(["result"], [("ok",)])
    try:
        if timeout is not None:
            return store.query(sparql, timeout=timeout)
        return store.query(sparql)
    except QueryError as exc:
        if str(exc).startswith("malformed"):
            message = syntax_error(sparql)  # one wording for syntax errors, whatever the store
            if message:
                raise QueryError(message) from None
        raise
