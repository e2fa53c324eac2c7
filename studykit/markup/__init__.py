"""Card text: the one Markdown dialect of deck authors, rendered once for every output.

- `render.render(text)`: markdown-it-py (CommonMark, tables, strikethrough, raw HTML off)
  parses a text once and gives its terminal spans (`terminal`), block HTML and inline HTML.
- `item_text.item_text(item)`: what the quiz shows of a study item, as spans (`cloze` makes
  a deletion's gap and its marked answer).
- `deck_texts.deck_texts(deck)`: every text of a deck the site, Anki and `show` render.

The deck index (studykit.decks) stores these forms when it is built, so the quiz, the site
and Anki exports read them instead of parsing; only `render` imports markdown-it.
"""
