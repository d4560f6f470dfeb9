/// The schema of the list queries (v8): every index row carries its pratica's account, type and
/// state, so that any filter is one index range inside the caller's scope (and a state filter
/// narrows that same range); per-state counts are kept by triggers, so an unfiltered list or a
/// list by state is counted without reading the pratiche; each sort key has its own index.
/// Triggers keep the copies in step with the pratica row: nothing in Swift can forget them.
enum ScopedIndexes {
    static let migration = """
        CREATE TABLE pratica_date_v8 (
            pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            row INTEGER NOT NULL,
            date TEXT NOT NULL,
            searchable INTEGER NOT NULL DEFAULT 1,
            account_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (pratica_id, field, row)
        ) WITHOUT ROWID;
        INSERT INTO pratica_date_v8
            SELECT d.pratica_id, d.field, d.row, d.date, d.searchable, p.account_id, p.type, p.state
            FROM pratica_date d JOIN pratica p ON p.id = d.pratica_id;
        DROP TABLE pratica_date;
        ALTER TABLE pratica_date_v8 RENAME TO pratica_date;
        -- One field's dates in order (filters and sorting by that field), states checked in the index.
        CREATE INDEX pratica_date_by_field ON pratica_date(account_id, type, field, date, state);
        -- Any field's dates in order (the search box, the calendar).
        CREATE INDEX pratica_date_by_day ON pratica_date(account_id, type, date, field, searchable, state);

        CREATE TABLE pratica_value_v8 (
            pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            row INTEGER NOT NULL,
            value ANY NOT NULL,
            account_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (pratica_id, field, row)
        ) WITHOUT ROWID;
        INSERT INTO pratica_value_v8
            SELECT v.pratica_id, v.field, v.row, v.value, p.account_id, p.type, p.state
            FROM pratica_value v JOIN pratica p ON p.id = v.pratica_id;
        DROP TABLE pratica_value;
        ALTER TABLE pratica_value_v8 RENAME TO pratica_value;
        CREATE INDEX pratica_value_by_field ON pratica_value(account_id, type, field, value, state);

        -- Each sort key of the pratica row in order, with the state and year a walk checks in the index.
        DROP INDEX pratica_by_type;
        CREATE INDEX pratica_by_type ON pratica(account_id, type, id, state, year);
        CREATE INDEX pratica_by_account ON pratica(account_id, id, type, state, year);
        CREATE INDEX pratica_by_updated ON pratica(account_id, type, updated_at, state, year);
        CREATE INDEX pratica_by_year ON pratica(account_id, type, year, state);
        CREATE INDEX pratica_by_folder ON pratica(account_id, type, folder_name, state, year);
        CREATE INDEX pratica_by_protocol ON pratica(account_id, type, protocol_year, protocol_number, state, year)
            WHERE protocol_number IS NOT NULL;
        -- The pratica's columns without its document, by id: checking a candidate's scope or reading
        -- its sort key touches these small entries, not the rows that carry the JSON.
        CREATE INDEX pratica_header ON pratica(id, account_id, type, state, year, protocol_year, protocol_number, updated_at, folder_name);

        CREATE TRIGGER pratica_state_in_indexes AFTER UPDATE OF state ON pratica WHEN OLD.state <> NEW.state BEGIN
            UPDATE pratica_date SET state = NEW.state WHERE pratica_id = NEW.id;
            UPDATE pratica_value SET state = NEW.state WHERE pratica_id = NEW.id;
        END;

        -- How many pratiche each account has of each type in each state.
        CREATE TABLE pratica_tally (
            account_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            state TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (account_id, type, state)
        ) WITHOUT ROWID;
        INSERT INTO pratica_tally SELECT account_id, type, state, count(*) FROM pratica GROUP BY account_id, type, state;
        CREATE TRIGGER pratica_tally_insert AFTER INSERT ON pratica BEGIN
            INSERT INTO pratica_tally (account_id, type, state, n) VALUES (NEW.account_id, NEW.type, NEW.state, 1)
                ON CONFLICT (account_id, type, state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER pratica_tally_delete AFTER DELETE ON pratica BEGIN
            UPDATE pratica_tally SET n = n - 1 WHERE account_id = OLD.account_id AND type = OLD.type AND state = OLD.state;
        END;
        CREATE TRIGGER pratica_tally_state AFTER UPDATE OF state ON pratica WHEN OLD.state <> NEW.state BEGIN
            UPDATE pratica_tally SET n = n - 1 WHERE account_id = OLD.account_id AND type = OLD.type AND state = OLD.state;
            INSERT INTO pratica_tally (account_id, type, state, n) VALUES (NEW.account_id, NEW.type, NEW.state, 1)
                ON CONFLICT (account_id, type, state) DO UPDATE SET n = n + 1;
        END;
        """
}
