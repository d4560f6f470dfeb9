import GRDB

/// The schema, as named migrations applied in order. A migration, once released, never changes.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-contacts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('occ', 'professionista')),
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE contact (
                        id INTEGER PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        kind TEXT NOT NULL CHECK (kind IN ('fisica', 'giuridica')),
                        document TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        codice_fiscale TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE INDEX contact_by_account ON contact(account_id, display_name);
                    CREATE UNIQUE INDEX contact_codice_fiscale ON contact(account_id, codice_fiscale) WHERE codice_fiscale IS NOT NULL;
                    CREATE VIRTUAL TABLE contact_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
                    """)
        }
        migrator.registerMigration("v1-pratiche") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pratica (
                        id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        year INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        folder_name TEXT NOT NULL DEFAULT '',
                        protocol_series TEXT NOT NULL DEFAULT '',
                        protocol_year INTEGER,
                        protocol_number INTEGER CHECK (protocol_number > 0),
                        protocol_text TEXT,
                        fields TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1,
                        CHECK ((protocol_number IS NULL) = (protocol_year IS NULL))
                    );
                    CREATE UNIQUE INDEX pratica_protocol
                        ON pratica(account_id, protocol_series, protocol_year, protocol_number)
                        WHERE protocol_number IS NOT NULL;
                    CREATE INDEX pratica_by_state ON pratica(account_id, type, state, id);

                    -- The first free protocol number of each series and year: every number below it is taken.
                    CREATE TABLE protocol_counter (
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        series TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        first_free INTEGER NOT NULL CHECK (first_free > 0),
                        PRIMARY KEY (account_id, series, year)
                    ) WITHOUT ROWID;
                    CREATE INDEX pratica_by_type ON pratica(account_id, type, id);

                    -- Every date of every pratica (top-level and inside groups): calendar, date filters, date search.
                    CREATE TABLE pratica_date (
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        field TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        date TEXT NOT NULL,
                        -- 0 for fields declared 'search: false': on the calendar, not found by the search box.
                        searchable INTEGER NOT NULL DEFAULT 1,
                        PRIMARY KEY (pratica_id, field, row)
                    ) WITHOUT ROWID;
                    CREATE INDEX pratica_date_by_date ON pratica_date(date, pratica_id);
                    CREATE INDEX pratica_date_by_field ON pratica_date(field, date, pratica_id);

                    -- Filterable and sortable scalar values (enum codes, numbers, cents, texts).
                    CREATE TABLE pratica_value (
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        field TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        value ANY NOT NULL,
                        PRIMARY KEY (pratica_id, field, row)
                    ) WITHOUT ROWID;
                    CREATE INDEX pratica_value_by_value ON pratica_value(field, value, pratica_id);

                    -- Which contacts each pratica links, in which field.
                    CREATE TABLE pratica_contact (
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        field TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        contact_id INTEGER NOT NULL REFERENCES contact(id),
                        PRIMARY KEY (pratica_id, field, row)
                    ) WITHOUT ROWID;
                    CREATE INDEX pratica_contact_by_contact ON pratica_contact(contact_id, field, pratica_id);

                    CREATE VIRTUAL TABLE pratica_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
                    """)
        }
        migrator.registerMigration("v1-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        subject TEXT NOT NULL CHECK (subject IN ('pratica', 'contact', 'account')),
                        subject_id INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        field TEXT,
                        old_value TEXT,
                        new_value TEXT
                    );
                    CREATE INDEX audit_by_subject ON audit(subject, subject_id, id);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2-users") { db in
            try db.execute(
                sql: """
                    -- People who sign in. They belong to one account; the password is a bcrypt hash.
                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'operatore', 'sola_lettura')),
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                        created_at TEXT NOT NULL
                    );
                    -- Browser sessions and API tokens are stored by the SHA-256 of their secret only.
                    CREATE TABLE session (
                        secret_hash BLOB PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX session_by_user ON session(user_id);
                    CREATE TABLE api_token (
                        secret_hash BLOB PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        label TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- Per-user settings such as the list columns of each type (`colonne:<type>`).
                    CREATE TABLE user_preference (
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (user_id, key)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-shares") { db in
            try db.execute(
                sql: """
                    -- The accounts a pratica is shared with (by their 6-digit code). The owner is pratica.account_id.
                    CREATE TABLE pratica_share (
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (pratica_id, account_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX pratica_share_by_account ON pratica_share(account_id, pratica_id);
                    """)
        }
        migrator.registerMigration("v4-attachments-dossier") { db in
            try db.execute(
                sql: """
                    -- Files of a pratica. The bytes live under the data directory, named by their SHA-256;
                    -- uploader_account_id is NULL for the debtor's uploads through the token area.
                    CREATE TABLE attachment (
                        id INTEGER PRIMARY KEY,
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        uploader_account_id INTEGER REFERENCES account(id),
                        uploaded_by TEXT NOT NULL,
                        name TEXT NOT NULL,
                        media_type TEXT NOT NULL,
                        size INTEGER NOT NULL CHECK (size > 0),
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        debtor_visible INTEGER NOT NULL DEFAULT 0 CHECK (debtor_visible IN (0, 1)),
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX attachment_by_pratica ON attachment(pratica_id, id);
                    CREATE INDEX attachment_by_blob ON attachment(sha256);
                    -- The debtor's access token of a pratica: its SHA-256 to find it, and the token sealed
                    -- with the data directory's key so that the owner can be shown it again.
                    CREATE TABLE dossier_token (
                        pratica_id INTEGER PRIMARY KEY REFERENCES pratica(id) ON DELETE CASCADE,
                        secret_hash BLOB NOT NULL UNIQUE,
                        sealed BLOB NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    -- A debtor who entered the token: a short session bound to the pratica and to the token
                    -- it was opened with (regenerating the token ends it).
                    CREATE TABLE dossier_session (
                        secret_hash BLOB PRIMARY KEY,
                        pratica_id INTEGER NOT NULL REFERENCES dossier_token(pratica_id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX dossier_session_by_pratica ON dossier_session(pratica_id);

                    -- The search text of pratiche whose type hides fields from shared accounts, without
                    -- those fields: what a shared account's search may match.
                    CREATE VIRTUAL TABLE pratica_shared_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
                    """)
        }
        migrator.registerMigration("v5-projects-roles") { db in
            try db.execute(
                sql: """
                    -- Projects of a pratica (Contenuto): a kind declared in types/progetti, a name, and the
                    -- typed data as one JSON document. They belong to the pratica's owner.
                    CREATE TABLE project (
                        id INTEGER PRIMARY KEY,
                        pratica_id INTEGER NOT NULL REFERENCES pratica(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                        fields TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE INDEX project_by_pratica ON project(pratica_id, id);

                    -- Roles are configurable (roles.yaml): the column holds a role id, no longer one of three.
                    CREATE TABLE user_new (
                        id INTEGER PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 40 AND role NOT GLOB '*[^a-z0-9_]*'),
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                        created_at TEXT NOT NULL
                    );
                    INSERT INTO user_new SELECT id, account_id, email, name, role, password_hash, disabled, created_at FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_new RENAME TO user;
                    """)
        }
        migrator.registerMigration("v6-project-contacts") { db in
            try db.execute(
                sql: """
                    -- The contacts each project links (creditors…): an account a pratica is shared with may
                    -- read the contacts of its projects, as it reads those of the pratica.
                    CREATE TABLE project_contact (
                        project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                        contact_id INTEGER NOT NULL REFERENCES contact(id),
                        PRIMARY KEY (project_id, contact_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX project_contact_by_contact ON project_contact(contact_id, project_id);
                    """)
        }
        migrator.registerMigration("v7-document-templates") { db in
            try db.execute(
                sql: """
                    -- The .docx templates an office uploads (docs/templates.md), kept in the database so that
                    -- a backup holds them; a few hundred KB each.
                    CREATE TABLE document_template (
                        id INTEGER PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id),
                        type_id TEXT NOT NULL,
                        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
                        file_name TEXT NOT NULL,
                        content BLOB NOT NULL,
                        uploaded_by TEXT NOT NULL,
                        uploaded_at TEXT NOT NULL
                    );
                    CREATE INDEX document_template_by_account ON document_template(account_id, type_id, label);

                    -- An office's letterhead: the logo placed by {{%logo}} and the text of {{ufficio.intestazione}}.
                    CREATE TABLE letterhead (
                        account_id INTEGER PRIMARY KEY REFERENCES account(id),
                        logo BLOB,
                        text TEXT NOT NULL DEFAULT '',
                        updated_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v8-scoped-indexes") { db in
            try db.execute(sql: ScopedIndexes.migration)
        }
        // The fields each type hid from shared accounts when its pratiche were last indexed: when a
        // type starts hiding a field, its pratiche are indexed again so that the shared search
        // forgets that field's text (`Engine.refreshSharedIndexes`).
        migrator.registerMigration("v9-type-visibility") { db in
            try db.execute(sql: "CREATE TABLE type_visibility (type TEXT PRIMARY KEY, hidden_paths TEXT NOT NULL) WITHOUT ROWID")
        }
        return migrator
    }
}
