/*
 * shadow.cpp: the throwaway shadow databases of autogenerate and check: created on the
 * server of shadow_url (or of the database URL), given pg_migrate and the models or the
 * migrations, snapshotted, and always dropped again.
 */
#include "client/common/shadow.hpp"

#include "client/common/compare.hpp"
#include "client/common/output.hpp"
#include "client/common/script_upload.hpp"

#include <cstdio>
#include <random>
#include <unistd.h>

namespace pgmig {

namespace {

constexpr const char *kInsufficientPrivilege = "42501";
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

} // namespace

std::string
ShadowDatabaseName() {
	std::random_device rd;
	char buf[64];
	std::snprintf(buf, sizeof(buf), "pgmig_shadow_%ld_%08x", static_cast<long>(getpid()), static_cast<unsigned>(rd()));
	return buf;
}

void
ThrowIfInterrupted() {
	if (InterruptReceived())
		throw Interrupted(pgm::MigError(kQueryCanceled, "canceling due to user request"));
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
		conn_->SetNoticeHandler(WarningsOnly);
		try {
			CancelOnInterrupt cancel(*conn_);
			conn_->Exec("CREATE EXTENSION pg_migrate");
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

void
ShadowDatabase::ApplyModels(const std::vector<ModelFile> &models) {
	for (const ModelFile &model : models) {
		ThrowIfInterrupted();
		try {
			CancelOnInterrupt cancel(*conn_);
			conn_->ExecScript(model.text);
		} catch (const DbError &e) {
			std::string where = model.what.empty() ? "model file \"" + model.path + "\"" : model.what;
			if (e.Position() > 0)
				where += ", line " + std::to_string(LineAtPosition(model.text, e.Position()));
			std::string context = e.Context().empty() ? where : e.Context() + "\n" + where;
			throw DbError(e.Sqlstate(), e.Message(), e.Detail(), e.Hint(), context, e.Position());
		}
	}
	ThrowIfInterrupted();
}

void
ShadowDatabase::ApplyMigrations(const ScriptFolder &folder) {
	ThrowIfInterrupted();
	if (folder.files.empty())
		return;
	std::string schema = ExtensionSchema(*conn_);
	CancelOnInterrupt cancel(*conn_);
	try {
		conn_->Exec("BEGIN");
		Upload(*conn_, schema, folder);
		conn_->Exec("SELECT pg_catalog.count(*) FROM " + schema + ".migrate_upgrade($1)", {std::string("heads")});
		conn_->Exec("COMMIT");
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
