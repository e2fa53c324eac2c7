"""The numbered schema migrations of the progress database (`PRAGMA user_version`).

Never edit a released migration: append a new one. Times are unix milliseconds in UTC.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: items (current schedule of every answered or suspended item) and the review log.
    """
    CREATE TABLE items (
        key TEXT PRIMARY KEY,
        deck_id TEXT NOT NULL,
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE INDEX items_due ON items (due) WHERE suspended = 0 AND state > 0;
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        deck_id TEXT NOT NULL,
        reviewed_at INTEGER NOT NULL,
        rating INTEGER NOT NULL,
        duration_ms INTEGER,
        state_before INTEGER NOT NULL,
        state_after INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        session TEXT NOT NULL
    );
    CREATE INDEX reviews_key ON reviews (key);
    CREATE INDEX reviews_time ON reviews (reviewed_at);
    """,
    # 2: sessions, for time-spent statistics and to tell concurrent sessions apart.
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        mode TEXT NOT NULL,
        answers INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 3: the day's queue from indexes alone: due items with their state (reviews), and the
    # few items in a learning step apart (scanning every due item for them took 60 ms at
    # 100,000 items with a backlog).
    """
    DROP INDEX items_due;
    CREATE INDEX items_due ON items (due, state) WHERE suspended = 0 AND state > 0;
    CREATE INDEX items_learning ON items (due) WHERE suspended = 0 AND state IN (1, 3);
    """,
    # 4: statistics read an item's recent reviews from one index, in key order (the join
    # with the deck index then walks both in step; reading the log by time and looking each
    # key up took 0.5 s at 100,000 cards). It serves every lookup by key, so reviews_key goes.
    """
    CREATE INDEX reviews_key_time
        ON reviews (key, reviewed_at, state_before, rating, duration_ms);
    DROP INDEX reviews_key;
    """,
    # 5: the review log travels (studykit progress export/import): every review gets a
    # stable id, random and unique across machines, and says where it was made (no index
    # of its own: a random key costs every answer a page write; imports find a review by
    # key and time through reviews_key_time). Fitted FSRS
    # parameters (studykit optimize) are kept with the progress they were fitted to, and a
    # buried item stays out of the queue until its time.
    """
    ALTER TABLE reviews ADD COLUMN uid TEXT;
    ALTER TABLE reviews ADD COLUMN origin TEXT NOT NULL DEFAULT 'terminal';
    UPDATE reviews SET uid = lower(hex(randomblob(16)));
    CREATE TABLE fsrs_parameters (
        id INTEGER PRIMARY KEY,
        fitted_at INTEGER NOT NULL,
        parameters TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        report TEXT NOT NULL
    );
    CREATE TABLE buried (
        key TEXT PRIMARY KEY,
        until INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
)

LATEST = len(MIGRATIONS)
"""The schema version this studykit writes."""
