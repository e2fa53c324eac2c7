"""Open an Anki collection in a fresh process and fetch its first card (the Anki baseline).

Run by path, so nothing but Anki is imported: python benchmarks/anki_first_card.py FILE
Prints `first card <id>` when the card is fetched (the clock stops there), then closes.
"""

import sys

from anki.collection import Collection

collection = Collection(sys.argv[1])
# v3 scheduler: getCard() takes the first of get_queued_cards(), as Anki's reviewer does.
card = collection.sched.getCard()
print(f"first card {card.id if card else None}", flush=True)
collection.close()
if card is None:
    raise SystemExit("the collection has no card to study now")
