"""The SQLite store's schema, versioned with ``PRAGMA user_version`` and applied as migrations.

Never edit a released migration: append a new one. Each runs in its own transaction.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[str, ...] = (
    # 1: outbox, inbox, orders and their events.
    """
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        msg_id TEXT NOT NULL UNIQUE,
        msg_datetime TEXT NOT NULL,
        msg_format TEXT NOT NULL,
        msg_version TEXT NOT NULL,
        msg_type TEXT NOT NULL,
        content BLOB NOT NULL,
        buyer_gln TEXT,
        instruction_number TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX outbox_by_state ON outbox (state, seq);
    CREATE TABLE inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        msg_id TEXT NOT NULL UNIQUE,
        msg_datetime TEXT NOT NULL,
        msg_format TEXT NOT NULL,
        msg_version TEXT NOT NULL,
        msg_type TEXT NOT NULL,
        content BLOB NOT NULL,
        state TEXT NOT NULL,
        deleted_on_hub INTEGER NOT NULL DEFAULT 0,
        received_at TEXT NOT NULL,
        processed_at TEXT,
        rejection TEXT
    );
    CREATE INDEX inbox_by_state ON inbox (state, seq);
    CREATE INDEX inbox_undeleted ON inbox (deleted_on_hub, seq);
    CREATE TABLE orders (
        buyer_gln TEXT NOT NULL,
        instruction_number TEXT NOT NULL,
        supplier_gln TEXT,
        known INTEGER NOT NULL,
        main_status TEXT,
        appointment_start TEXT,
        appointment_end TEXT,
        expected_completion TEXT,
        completion_date TEXT,
        maximum_amount TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (buyer_gln, instruction_number)
    );
    CREATE INDEX orders_by_status ON orders (main_status);
    CREATE TABLE order_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        buyer_gln TEXT NOT NULL,
        instruction_number TEXT NOT NULL,
        msg_id TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX order_events_by_order ON order_events (buyer_gln, instruction_number, seq);
    """,
    # 2: which accepted messages were handed to the caller (the typed fetches return each once).
    """
    ALTER TABLE inbox ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX inbox_undelivered ON inbox (state, delivered, msg_type, seq);
    """,
    # 3: the MessageService attachments of a received message (JSON, data in base64).
    """
    ALTER TABLE inbox ADD COLUMN attachments TEXT
    """,
)
