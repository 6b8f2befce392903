-- A migration a later build might add: SqliteNewSchemaTest checks that Flyway applies it, and only
-- it, to a store that SqliteNewSchema built.
CREATE TABLE next_build_probe (id INTEGER NOT NULL PRIMARY KEY);
