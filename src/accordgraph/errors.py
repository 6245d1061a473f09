"""accordgraph's exceptions. The CLI prints any of them as one line: ``Error: <message>``."""


class AccordgraphError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""


class FactError(AccordgraphError):
    """A fact (or a line of a facts JSONL file) is malformed."""


class ArticleError(AccordgraphError):
    """An article cannot be read: missing, a directory, not UTF-8, too large."""


class StoreError(AccordgraphError):
    """The store cannot be opened, read or written."""


class StoreBusyError(StoreError):
    """Another process holds the store for writing."""


class QueryError(AccordgraphError):
    """A query is unknown, malformed, refused, or failed."""
