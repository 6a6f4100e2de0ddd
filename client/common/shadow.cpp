/*
 * shadow.cpp: the throwaway shadow databases of autogenerate and check: created on the
 * server of shadow_url (or of the database URL), given pg_migrate and the models or the
 * migrations, snapshotted, and always dropped again.
 */
#include "client/common/shadow.hpp"

#include "client/common/compare.hpp"
#include "client/common/migration.hpp"
#include "client/common/progress_bar.hpp"
#include "client/common/output.hpp"
#include "client/common/script_upload.hpp"

#include "autogen/sql_lexer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <random>
#include <unistd.h>

namespace pgmig {

namespace {

constexpr const char *kInsufficientPrivilege = "42501";

/*
 * kDisableEventTriggers: pg_migrate's event triggers record (and, with pg_migrate.guard on,
 * refuse) DDL run outside migrations.  In a shadow database every statement of the models is
 * such DDL: recording each one costs about as much as a third of the statement itself, for a
 * record nobody reads, and a server with pg_migrate.guard on would refuse the models.  They are
 * disabled there (as their owner: the role that created the extension; a role that is not
 * leaves them on).  The snapshot leaves the extension's members out, so it is the same either way.
 */
constexpr const char *kDisableEventTriggers = R"SQL(
DO $pgmig$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT e.evtname
             FROM pg_catalog.pg_event_trigger e
             JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
                                        AND d.objid OPERATOR(pg_catalog.=) e.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
             JOIN pg_catalog.pg_extension x ON x.oid OPERATOR(pg_catalog.=) d.refobjid
             WHERE x.extname OPERATOR(pg_catalog.=) 'pg_migrate' AND e.evtenabled OPERATOR(pg_catalog.<>) 'D'
    LOOP
        BEGIN
            EXECUTE pg_catalog.format('ALTER EVENT TRIGGER %I DISABLE', t);
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        END;
    END LOOP;
END
$pgmig$)SQL";
constexpr const char *kQueryCanceled = "57014";

/* WarningsOnly: the notice handler of shadow databases: the models' NOTICEs are noise. */
void
WarningsOnly(const PGresult *res) {
	const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (severity != nullptr && std::string(severity) == "WARNING")
		PrintNotice(res);
}

/* ServerName: host:port of conn, for messages ("/tmp:5432" for a socket directory). */
std::string
ServerName(const Connection &conn) {
	const char *host = PQhost(conn.Get());
	const char *port = PQport(conn.Get());
	return std::string(host ? host : "") + ":" + (port ? port : "");
}

/* SqlIdentifier: name as written in SQL: as it is when it needs no quotes, else quoted. */
std::string
SqlIdentifier(const std::string &name) {
	bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
	for (char c : name)
		plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
	if (plain)
		return name;
	std::string out = "\"";
	for (char c : name)
		out += c == '"' ? std::string("\"\"") : std::string(1, c);
	return out + "\"";
}

/* Sentence: text with a capital first letter and a final period, for a DETAIL line. */
std::string
Sentence(std::string text) {
	if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
		text[0] = static_cast<char>(text[0] - 'a' + 'A');
	if (!text.empty() && text.back() != '.')
		text += '.';
	return text;
}

/*
 * kStatementsPerBlock: the statements one DO block of the models EXECUTEs.  SPI keeps what each
 * statement of an EXECUTE parsed and planned until the EXECUTE ends: one block for 3,000
 * statements took the backend's peak from 134 to 259 MB, blocks of 100 kept it at 129 MB.
 */
constexpr std::size_t kStatementsPerBlock = 100;

/* kMaxStatementInBlock: a statement this large runs as it is (EXECUTE would copy its text). */
constexpr std::size_t kMaxStatementInBlock = 1 << 20;

} // namespace

std::optional<std::string>
ModelsAsDoBlocks(std::string_view text, const std::vector<pgm::sql::Token> &tokens,
                 const std::vector<pgm::sql::Statement> &statements, std::size_t per_block) {
	if (statements.empty() || per_block == 0)
		return std::nullopt;
	for (const pgm::sql::Statement &st : statements) {
		if (st.end - st.begin >= kMaxStatementInBlock || pgm::sql::NeedsOwnTransaction(tokens, st))
			return std::nullopt;
		const pgm::sql::Token &first = tokens[st.first];
		if (first.kind != pgm::sql::TokenKind::kWord)
			continue;
		static const char *const kPlainOnly[] = {"BEGIN", "START",     "COMMIT",  "END",     "ROLLBACK",
		                                         "ABORT", "SAVEPOINT", "RELEASE", "PREPARE", "COPY"};
		for (const char *word : kPlainOnly)
			if (first.upper == word)
				return std::nullopt;
	}
	// Two dollar-quote tags that occur nowhere in the text.
	std::vector<std::string> tags;
	for (unsigned n = 0; tags.size() < 2; n++) {
		std::string tag = "$pgmig" + std::to_string(n) + "$";
		if (text.find(tag) == std::string_view::npos)
			tags.push_back(tag);
	}
	const std::string &outer = tags[0], &inner = tags[1];
	std::string out;
	out.reserve(text.size() + (statements.size() / per_block + 1) * 64);
	for (std::size_t i = 0; i < statements.size(); i += per_block) {
		std::size_t last = std::min(statements.size(), i + per_block) - 1;
		out += "DO " + outer + "BEGIN EXECUTE " + inner;
		out.append(text.substr(statements[i].begin, statements[last].end - statements[i].begin));
		// A last statement without its ";" (the end of the file) is ended here.
		if (text.substr(statements[last].begin, statements[last].end - statements[last].begin).back() != ';')
			out += ';';
		out += inner + "; END " + outer + ";\n";
	}
	return out;
}

std::string
ShadowDatabaseName() {
	std::random_device rd;
	char buf[64];
	std::snprintf(buf, sizeof(buf), "pgmig_shadow_%ld_%08x", static_cast<long>(getpid()), static_cast<unsigned>(rd()));
	return buf;
}

/*
 * ShadowDatabase: anything that fails once CREATE DATABASE was sent drops the database again
 * before the error leaves the constructor (the destructor does not run for a half-made
 * object).  The two common failures get their own message: a role without CREATEDB, and a
 * server where pg_migrate cannot be installed.
 */
ShadowDatabase::ShadowDatabase(const std::string &conninfo) : conninfo_(conninfo) {
	ThrowIfInterrupted();
	admin_ = std::make_unique<Connection>(conninfo);
	admin_->SetNoticeHandler(WarningsOnly);
	name_ = ShadowDatabaseName();
	try {
		created_ = true;
		try {
			CancelOnInterrupt cancel(*admin_);
			admin_->Exec("CREATE DATABASE \"" + name_ + "\" TEMPLATE template0");
		} catch (const DbError &e) {
			// A failed CREATE DATABASE created nothing, unless the connection was lost.
			created_ = !admin_->Alive();
			if (e.Sqlstate() != kInsufficientPrivilege)
				throw;
			const char *user = PQuser(admin_->Get());
			std::string role = user ? user : "";
			throw DbError(e.Sqlstate(), "permission denied to create the shadow database",
			              "Role \"" + role + "\" may not create databases on server \"" + ServerName(*admin_) +
			                  "\"; the models are built in a throwaway database there.",
			              "Grant it with ALTER ROLE " + SqlIdentifier(role) +
			                  " CREATEDB, or set shadow_url in pgmig.toml to a server where it may create "
			                  "databases.");
		}
		ThrowIfInterrupted();
		conn_ = std::make_unique<Connection>(conninfo, name_);
		conn_->SetNoticeHandler([this](const PGresult *res) {
			if (ShowOnProgressBar(res))
				return; // the migrations' steps, on a terminal (ApplyMigrations)
			if (!hold_warnings_)
				WarningsOnly(res);
			const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
			if (severity != nullptr && std::string(severity) == "WARNING") {
				auto field = [res](int code) {
					const char *value = PQresultErrorField(res, code);
					return std::string(value ? value : "");
				};
				warnings_.push_back(Diagnostic{"warning",
				                               field(PG_DIAG_MESSAGE_PRIMARY),
				                               field(PG_DIAG_MESSAGE_DETAIL),
				                               field(PG_DIAG_MESSAGE_HINT),
				                               {}});
			}
		});
		try {
			CancelOnInterrupt cancel(*conn_);
			conn_->Exec("CREATE EXTENSION pg_migrate");
			conn_->Exec(kDisableEventTriggers);
		} catch (const DbError &e) {
			if (e.Sqlstate() == kQueryCanceled || !conn_->Alive())
				throw;
			throw DbError(e.Sqlstate(), "could not install extension \"pg_migrate\" in the shadow database",
			              Sentence(e.Message()),
			              "The shadow database needs pg_migrate: install its package on the server \"" +
			                  ServerName(*conn_) +
			                  "\" and let the role create the extension (a superuser), or set shadow_url in "
			                  "pgmig.toml to a server where it can.");
		}
	} catch (...) {
		Drop();
		throw;
	}
}

ShadowDatabase::~ShadowDatabase() {
	Drop();
}

void
ShadowDatabase::StartDrop() {
	InterruptCleanup cleanup; // dropped after an interrupt too
	conn_.reset();
	if (!created_ || drop_sent_ || !admin_ || !admin_->Alive())
		return;
	try {
		admin_->Send("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
		drop_sent_ = true;
	} catch (...) {
		// Drop() sends it again.
	}
}

/*
 * Drop: DROP DATABASE ... WITH (FORCE) also ends any session still in the database.  It is
 * tried twice, on a new connection when the first one is gone: a cancel request sent for an
 * earlier query may arrive late and cancel the first attempt.  The statement StartDrop sent
 * is the first attempt.
 */
void
ShadowDatabase::Drop() {
	InterruptCleanup cleanup; // dropped after an interrupt too
	conn_.reset();
	if (!created_)
		return;
	created_ = false;
	std::string sql = "DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)";
	std::string failure;
	int attempt = 0;
	if (drop_sent_) {
		drop_sent_ = false;
		attempt = 1;
		try {
			admin_->Wait();
			admin_.reset();
			return;
		} catch (const std::exception &e) {
			failure = e.what();
		}
	}
	for (; attempt < 2; attempt++) {
		try {
			if (!admin_ || !admin_->Alive()) {
				admin_.reset();
				admin_ = std::make_unique<Connection>(conninfo_);
				admin_->SetNoticeHandler(WarningsOnly);
			}
			admin_->Exec(sql);
			admin_.reset();
			return;
		} catch (const std::exception &e) {
			failure = e.what();
		}
	}
	admin_.reset();
	try {
		PrintDiagnostic(Diagnostic{"warning", "could not drop the shadow database \"" + name_ + "\": " + failure, "",
		                           "Drop it with DROP DATABASE " + name_ + " WITH (FORCE);", ""});
	} catch (...) {
		// Nothing more can be done from a destructor.
	}
}

/*
 * RunModelChunk: bytes [begin, end) of a model file as one simple query; alone: it is one
 * statement cut out of the file.  The error's position is made relative to the file again.
 */
void
ShadowDatabase::RunModelChunk(const ModelFile &model, std::size_t begin, std::size_t end, bool alone) {
	ThrowIfInterrupted();
	std::string chunk = model.text.substr(begin, end - begin);
	try {
		CancelOnInterrupt cancel(*conn_);
		conn_->ExecScript(chunk);
	} catch (const DbError &e) {
		int chars_before = 0; // PostgreSQL's positions count characters
		for (std::size_t i = 0; i < begin; i++)
			chars_before += (static_cast<unsigned char>(model.text[i]) & 0xC0) != 0x80 ? 1 : 0;
		int position = e.Position() > 0 ? e.Position() + chars_before : 0;
		std::string where = model.what.empty() ? "model file \"" + model.path + "\"" : model.what;
		if (position > 0)
			where += ", line " + std::to_string(LineAtPosition(model.text, position));
		else if (alone)
			where += ", line " + std::to_string(LineAtPosition(model.text, chars_before + 1));
		std::string context = e.Context().empty() ? where : e.Context() + "\n" + where;
		throw DbError(e.Sqlstate(), e.Message(), e.Detail(), e.Hint(), context, position);
	}
}

/*
 * RunModelBlocks: a file's DO blocks (ModelsAsDoBlocks) as one simple query; true when they ran.
 * Their WARNINGs are held and printed only then: on failure the file runs again the plain way,
 * which sends them again.  A cancel or a lost connection is the run's error, not a reason to
 * run the file again.
 */
bool
ShadowDatabase::RunModelBlocks(const ModelFile &model, const std::string &blocks) {
	ThrowIfInterrupted();
	std::size_t before = warnings_.size();
	hold_warnings_ = true;
	try {
		CancelOnInterrupt cancel(*conn_);
		conn_->ExecScript(blocks);
	} catch (const DbError &e) {
		hold_warnings_ = false;
		warnings_.resize(before);
		if (e.Sqlstate() != kQueryCanceled && conn_->Alive())
			return false;
		// As RunModelChunk says it: the file, without a line.  The server's CONTEXT is left out:
		// it names the DO block and quotes the statements it EXECUTEs, not the user's file.
		std::string where = model.what.empty() ? "model file \"" + model.path + "\"" : model.what;
		throw DbError(e.Sqlstate(), e.Message(), e.Detail(), e.Hint(), where);
	} catch (...) {
		hold_warnings_ = false;
		warnings_.resize(before);
		throw;
	}
	hold_warnings_ = false;
	for (std::size_t i = before; i < warnings_.size(); i++)
		PrintDiagnostic(warnings_[i]);
	return true;
}

/*
 * ApplyModels: a file runs as one simple query (one implicit transaction), as psql -1 would
 * run it, unless it holds a statement that cannot run in a transaction block: then the file is
 * split by the lexer (sql_lexer.hpp) and such statements run on their own.  The models run with
 * search_path = public, whatever the role's or the server's setting (ALTER ROLE ... SET
 * search_path, PGOPTIONS), so that an unqualified CREATE TABLE lands in public, as in a new
 * database; it is reset afterwards.  Migrations (ApplyMigrations) run with the session's own
 * search_path, as pgmig upgrade runs them.
 */
void
ShadowDatabase::ApplyModels(const std::vector<ModelFile> &models) {
	ThrowIfInterrupted();
	conn_->Exec("SELECT pg_catalog.set_config('search_path', $1, false)", {std::string("public")});
	ProgressScope progress; // on a terminal, a bar over the model files
	if (progress.Bar() != nullptr)
		progress.Bar()->Plan(static_cast<long long>(models.size()));
	for (const ModelFile &model : models) {
		if (progress.Bar() != nullptr)
			progress.Bar()->StepStarted(0, 0, model.what.empty() ? "model file " + model.path : model.what, "");
		std::vector<pgm::sql::Token> tokens = pgm::sql::Tokenize(model.text);
		std::vector<pgm::sql::Statement> statements = pgm::sql::SplitStatements(tokens);
		bool split = false;
		for (const pgm::sql::Statement &st : statements)
			split = split || pgm::sql::NeedsOwnTransaction(tokens, st);
		if (!split) {
			std::optional<std::string> blocks = ModelsAsDoBlocks(model.text, tokens, statements, kStatementsPerBlock);
			if (!blocks || !RunModelBlocks(model, *blocks))
				RunModelChunk(model, 0, model.text.size(), false);
			continue;
		}
		std::size_t chunk_begin = std::string::npos, chunk_end = 0;
		for (const pgm::sql::Statement &st : statements) {
			if (!pgm::sql::NeedsOwnTransaction(tokens, st)) {
				if (chunk_begin == std::string::npos)
					chunk_begin = st.begin;
				chunk_end = st.end;
				continue;
			}
			if (chunk_begin != std::string::npos)
				RunModelChunk(model, chunk_begin, chunk_end, false);
			chunk_begin = std::string::npos;
			RunModelChunk(model, st.begin, st.end, true);
		}
		if (chunk_begin != std::string::npos)
			RunModelChunk(model, chunk_begin, chunk_end, false);
	}
	progress.Complete();
	ThrowIfInterrupted();
	conn_->Exec("RESET search_path");
}

namespace {

/*
 * kSpellingFunction: each spelling becomes the only column of a temporary table (with its
 * default, else without), created and deparsed with the settings of migrate_snapshot(), so with
 * search_path = pg_catalog, pg_temp: a spelling that names a type, function or sequence of the
 * user's schemas without its schema depends on the search_path the revision will run with, and
 * fails here (PostgreSQL's qualified spelling is used instead).  A refused spelling gives no row.
 */
constexpr const char *kSpellingFunction = R"SQL(
CREATE FUNCTION pg_temp.pgmig_spelling(spellings jsonb)
RETURNS TABLE (n integer, type text, def text)
LANGUAGE plpgsql AS $pgmig$
DECLARE
    item jsonb;
    i integer := 0;
    attempt integer;
BEGIN
    FOR item IN SELECT e FROM pg_catalog.jsonb_array_elements(spellings) AS e LOOP
        i := i + 1;
        FOR attempt IN 1 .. 2 LOOP
            CONTINUE WHEN attempt = 2 AND item->>1 IS NULL;
            BEGIN
                PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                EXECUTE pg_catalog.format('CREATE TEMP TABLE pgmig_spelling (c %s%s)', item->>0,
                                          CASE WHEN attempt = 1 AND item->>1 IS NOT NULL
                                               THEN ' DEFAULT ' || (item->>1) ELSE '' END);
                PERFORM pg_catalog.set_config('DateStyle', 'ISO, YMD', true);
                PERFORM pg_catalog.set_config('IntervalStyle', 'postgres', true);
                PERFORM pg_catalog.set_config('TimeZone', 'UTC', true);
                PERFORM pg_catalog.set_config('extra_float_digits', '1', true);
                PERFORM pg_catalog.set_config('bytea_output', 'hex', true);
                PERFORM pg_catalog.set_config('quote_all_identifiers', 'off', true);
                SELECT i, pg_catalog.format_type(a.atttypid, a.atttypmod), pg_catalog.pg_get_expr(d.adbin, d.adrelid)
                INTO n, type, def
                FROM pg_catalog.pg_attribute a
                LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = 'pg_temp.pgmig_spelling'::pg_catalog.regclass AND a.attnum = 1;
                RETURN NEXT;
                RAISE EXCEPTION USING ERRCODE = 'P0004'; -- undo the table and the settings
            EXCEPTION WHEN assert_failure THEN
                EXIT;
            WHEN OTHERS THEN
                NULL;
            END;
        END LOOP;
    END LOOP;
END
$pgmig$)SQL";

} // namespace

bool
ShadowDatabase::CheckSpellings(std::vector<pgm::schema::ColumnSpelling> &spellings) {
	ThrowIfInterrupted();
	if (spellings.empty())
		return true;
	// What the server makes of a spelling depends on its text only: each distinct (type, default)
	// pair is checked once (a schema spells most of its columns alike).
	std::map<std::pair<std::string, std::optional<std::string>>, std::size_t> distinct;
	std::vector<std::size_t> item_of(spellings.size());
	nlohmann::json list = nlohmann::json::array();
	for (std::size_t i = 0; i < spellings.size(); i++) {
		const pgm::schema::ColumnSpelling &s = spellings[i];
		auto key = std::make_pair(s.type, s.default_expr);
		auto found = distinct.find(key);
		if (found == distinct.end()) {
			found = distinct.emplace(key, list.size()).first;
			list.push_back(
			    nlohmann::json::array({s.type.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.type),
			                           s.default_expr ? nlohmann::json(*s.default_expr) : nlohmann::json(nullptr)}));
		}
		item_of[i] = found->second;
	}
	CancelOnInterrupt cancel(*conn_);
	bool checked = false;
	try {
		conn_->Exec("BEGIN");
		conn_->Exec(kSpellingFunction);
		ResultPtr res = conn_->Exec("SELECT n, type, def FROM pg_temp.pgmig_spelling($1::pg_catalog.jsonb)",
		                            {std::string(list.dump())});
		std::vector<std::optional<std::string>> types(list.size()), defaults(list.size());
		for (int row = 0; row < PQntuples(res.get()); row++) {
			std::size_t n = static_cast<std::size_t>(std::atoi(PQgetvalue(res.get(), row, 0)));
			if (n < 1 || n > list.size())
				continue;
			if (!PQgetisnull(res.get(), row, 1))
				types[n - 1] = PQgetvalue(res.get(), row, 1);
			if (!PQgetisnull(res.get(), row, 2))
				defaults[n - 1] = PQgetvalue(res.get(), row, 2);
		}
		for (std::size_t i = 0; i < spellings.size(); i++) {
			spellings[i].deparsed_type = types[item_of[i]];
			spellings[i].deparsed_default = defaults[item_of[i]];
		}
		conn_->Exec("ROLLBACK");
		checked = true;
	} catch (const DbError &e) {
		if (e.Sqlstate() == kQueryCanceled || !conn_->Alive())
			throw;
		try {
			conn_->Exec("ROLLBACK");
		} catch (const DbError &) {
		}
		for (pgm::schema::ColumnSpelling &s : spellings) {
			s.deparsed_type.reset();
			s.deparsed_default.reset();
		}
	}
	ThrowIfInterrupted();
	return checked;
}

void
ShadowDatabase::ApplyMigrations(const ScriptFolder &folder) {
	ThrowIfInterrupted();
	if (folder.files.empty())
		return;
	std::string schema = ExtensionSchema(*conn_);
	CancelOnInterrupt cancel(*conn_);
	ProgressScope progress; // on a terminal, a bar while the migrations are applied
	try {
		conn_->Exec("BEGIN");
		Upload(*conn_, schema, folder);
		conn_->Exec("SELECT pg_catalog.count(*) FROM " + schema + ".migrate_upgrade($1)", {std::string("heads")});
		conn_->Exec("COMMIT");
		progress.Complete();
	} catch (const DbError &e) {
		std::string where = "building the shadow database from the migrations";
		throw DbError(e.Sqlstate(), e.Message(), e.Detail(), e.Hint(),
		              e.Context().empty() ? where : e.Context() + "\n" + where);
	}
	ThrowIfInterrupted();
}

void
ShadowDatabase::DowngradeToBase() {
	ThrowIfInterrupted();
	std::string schema = ExtensionSchema(*conn_);
	CancelOnInterrupt cancel(*conn_);
	try {
		conn_->Exec("BEGIN");
		conn_->Exec("SELECT pg_catalog.count(*) FROM " + schema + ".migrate_downgrade($1)", {std::string("base")});
		conn_->Exec("COMMIT");
	} catch (const DbError &e) {
		std::string where = "downgrading the shadow database to base";
		throw DbError(e.Sqlstate(), e.Message(), e.Detail(), e.Hint(),
		              e.Context().empty() ? where : e.Context() + "\n" + where);
	}
	ThrowIfInterrupted();
}

std::string
ShadowDatabase::Snapshot() {
	ThrowIfInterrupted();
	CancelOnInterrupt cancel(*conn_);
	return TakeSnapshot(*conn_, "the shadow database");
}

} // namespace pgmig
