"""Finding quotations: curly, straight and UK single quotes, apostrophes, titles."""

from __future__ import annotations

from accordgraph.extract.quotes import clean_quote, find_quotes, is_title


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_double_quotes_straight_and_curly() -> None:
    assert quoted('He said "yes" and \u201cno\u201d.') == ["yes", "no"]


def test_single_quotes_are_told_from_apostrophes() -> None:
    text = "'We don't know,' he said of the Israelis' plan. 'It's Kazakhstan's choice.'"
    assert quoted(text) == ["We don't know,", "It's Kazakhstan's choice."]


def test_curly_single_quotes_and_an_acute_accent_apostrophe() -> None:
    text = "\u2018The world\u00b4s patience isn\u2019t endless,\u2019 she said."
    assert quoted(text) == ["The world\u00b4s patience isn\u2019t endless,"]


def test_single_marks_inside_a_double_quotation_are_not_quotations() -> None:
    assert quoted("\"They called it 'historic' today,\" he said.") == ["They called it 'historic' today,"]


def test_an_unclosed_quotation_runs_to_the_end_of_the_paragraph() -> None:
    text = 'He said: "We are establishing full peace.  '
    assert quoted(text) == ["We are establishing full peace."]


def test_offsets_are_shifted_by_the_paragraph_start() -> None:
    (q,) = find_quotes('"Go," he said.', base=100)
    assert (q.open_at, q.start, q.end, q.close_at) == (100, 101, 104, 104)


def test_clean_quote_drops_the_trailing_comma_and_spaces() -> None:
    text = '" Peace now, " he said.'
    (q,) = find_quotes(text)
    start, end = clean_quote(text, q)
    assert text[start:end] == "Peace now"


def test_titles_are_not_quotations() -> None:
    assert is_title("Fox & Friends.")
    assert is_title("Abraham Accords")
    assert not is_title("Blessed are the peacemakers!")
    assert not is_title("very special call")


def test_a_plural_possessive_inside_a_single_quotation_does_not_close_it() -> None:
    text = "\u2018We reject the Israelis\u2019 demands,\u2019 he said. \u2018No more.\u2019"
    assert quoted(text) == ["We reject the Israelis\u2019 demands,", "No more."]
    text = "\u2018Enough,\u2019 he said, and the Emiratis\u2019 view did not change."
    assert quoted(text) == ["Enough,"]
