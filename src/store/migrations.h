/*
 * The store's schema as numbered migrations, oldest first. store_open
 * applies each one newer than schema_version in its own transaction and
 * records its number there; a migration is never edited once released,
 * a change is a new entry at the end.
 *
 * One text serves both backends wherever the dialects agree; the few
 * words that differ are macro arguments (SQLite's INTEGER PRIMARY KEY is
 * its rowid, PostgreSQL needs BIGSERIAL for the same), so the two schemas
 * cannot drift apart unnoticed.
 *
 * Included by store.c only.
 */
#ifndef UTD_STORE_MIGRATIONS_H
#define UTD_STORE_MIGRATIONS_H

struct store_migration {
	int version;
	const char *sqlite;
	const char *pg;
};

/* 1: reports, batch users, requests and their jobs. */
#define STORE_M1(SERIAL) \
	"CREATE TABLE reports (" \
	" id TEXT PRIMARY KEY," \
	" domain TEXT NOT NULL," \
	" type TEXT NOT NULL," \
	" score INTEGER NOT NULL," \
	" ok INTEGER NOT NULL," \
	" version TEXT NOT NULL," \
	" created BIGINT NOT NULL," \
	" json TEXT NOT NULL);\n" \
	"CREATE INDEX reports_domain_type_created" \
	" ON reports (domain, type, created);\n" \
	"CREATE INDEX reports_created ON reports (created);\n" \
	"CREATE TABLE users (" \
	" name TEXT PRIMARY KEY," \
	" hash TEXT NOT NULL," \
	" created BIGINT NOT NULL);\n" \
	"CREATE TABLE requests (" \
	" id TEXT PRIMARY KEY," \
	" user_name TEXT NOT NULL," \
	" name TEXT NOT NULL," \
	" type TEXT NOT NULL," \
	" status TEXT NOT NULL," \
	" submitted BIGINT NOT NULL," \
	" finished BIGINT);\n" \
	"CREATE INDEX requests_user_submitted" \
	" ON requests (user_name, submitted);\n" \
	"CREATE INDEX requests_status ON requests (status);\n" \
	"CREATE TABLE jobs (" \
	" job_id " SERIAL " PRIMARY KEY," \
	" request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE," \
	" domain TEXT NOT NULL," \
	" type TEXT NOT NULL," \
	" position INTEGER NOT NULL," \
	" order_key BIGINT NOT NULL," \
	" state TEXT NOT NULL CHECK (state IN" \
	"  ('queued', 'running', 'done', 'dropped'))," \
	" claimed_at BIGINT," \
	" report_id TEXT);\n" \
	"CREATE INDEX jobs_state_request ON jobs (state, request_id);\n" \
	"CREATE INDEX jobs_request_state_order" \
	" ON jobs (request_id, state, order_key);\n" \
	"CREATE INDEX jobs_request_position ON jobs (request_id, position);\n"

/* 2: many workers on one database. A running job has a holder (worker)
 * and a lease (lease_until, seconds) and counts its claims (attempts);
 * jobs left running by an older version get a lease that has already
 * ended, so the first expiry sweep puts them back. cache: results shared
 * between processes. slots: connection slots per destination, a row per
 * slot ever taken, free when its lease (milliseconds) has ended. */
#define STORE_M2 \
	"ALTER TABLE jobs ADD COLUMN worker TEXT;\n" \
	"ALTER TABLE jobs ADD COLUMN lease_until BIGINT;\n" \
	"ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;\n" \
	"UPDATE jobs SET lease_until = 0, attempts = 1" \
	" WHERE state = 'running';\n" \
	"CREATE INDEX jobs_state_lease ON jobs (state, lease_until);\n" \
	"CREATE TABLE cache (" \
	" key TEXT PRIMARY KEY," \
	" value TEXT NOT NULL," \
	" expires BIGINT NOT NULL);\n" \
	"CREATE INDEX cache_expires ON cache (expires);\n" \
	"CREATE TABLE slots (" \
	" dest TEXT NOT NULL," \
	" slot INTEGER NOT NULL," \
	" holder TEXT NOT NULL," \
	" lease_until_ms BIGINT NOT NULL," \
	" PRIMARY KEY (dest, slot));\n" \
	"CREATE INDEX slots_holder ON slots (holder);\n"

static const struct store_migration store_migrations[] = {
	{ 1, STORE_M1("INTEGER"), STORE_M1("BIGSERIAL") },
	{ 2, STORE_M2, STORE_M2 },
};

#define STORE_N_MIGRATIONS \
	(sizeof(store_migrations) / sizeof(store_migrations[0]))

#endif
