/*
 * baseline.cpp: pgmig baseline -m MSG: adopt a database that has a schema but no pg_migrate
 * history (Flyway's "baseline"): write a first revision whose upgrade creates the live schema
 * and whose downgrade drops it, check in a shadow database that it really does, then upload
 * it and stamp the database at it (reason "baseline"), in one transaction.
 */
#include "client/commands/commands.hpp"
#include "client/common/compare.hpp"
#include "client/common/heap.hpp"
#include "client/common/context.hpp"
#include "client/common/exclusions.hpp"
#include "client/common/migration.hpp"
#include "client/common/new_revision.hpp"
#include "client/common/output.hpp"
#include "client/common/shadow.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

constexpr std::size_t kMaxListedChanges = 20;

struct BaselineOptions {
	std::string message;
	std::string rev_id;
	std::vector<std::string> exclude;
	bool allow_uncompared = false;
	bool compare_privileges = false;
};

/* ChangeList: the descriptions of a diff as DETAIL sentences, at most kMaxListedChanges of them. */
std::string
ChangeList(const pgm::schema::DiffResult &diff) {
	std::string out;
	std::size_t n = 0;
	for (const pgm::schema::Change &change : diff.changes) {
		if (n++ == kMaxListedChanges) {
			out += "\n... and " + std::to_string(diff.changes.size() - kMaxListedChanges) + " more.";
			break;
		}
		out += "\n  - " + change.description;
	}
	return out;
}

/*
 * RefuseHistory: a baseline starts the history, so neither side may have one: the script
 * folder holds no revision, the database no current revision and no uploaded one.
 */
void
RefuseHistory(const ScriptFolder &folder, Connection &conn) {
	if (!folder.files.empty())
		throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		                    "script folder \"" + DisplayPath(folder.location) + "\" already has revisions",
		                    "It has " + std::to_string(folder.files.size()) +
		                        (folder.files.size() == 1 ? " revision file" : " revision files") +
		                        "; a baseline must be the first revision.",
		                    "Use \"pgmig revision --autogenerate -m MESSAGE\" for changes on top of them, or "
		                    "\"pgmig stamp\" to mark a database as being at one of them.");
	ResultPtr res = conn.Exec("SELECT (SELECT pg_catalog.count(*) FROM pg_migrate.version), "
	                          "(SELECT pg_catalog.count(*) FROM pg_migrate.revision)");
	long current = std::stol(PQgetvalue(res.get(), 0, 0));
	long uploaded = std::stol(PQgetvalue(res.get(), 0, 1));
	if (current == 0 && uploaded == 0)
		return;
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
	                    "database \"" + conn.Database() + "\" already has a migration history",
	                    "It has " + std::to_string(current) +
	                        (current == 1 ? " current revision and " : " current revisions and ") +
	                        std::to_string(uploaded) + (uploaded == 1 ? " uploaded revision." : " uploaded revisions."),
	                    "A baseline is for a database that pg_migrate never migrated; with a history, use \"pgmig "
	                    "revision --autogenerate -m MESSAGE\".");
}

/*
 * RefuseHistoryInTransaction: RefuseHistory again in the transaction that stamps, after the
 * upload (which added the baseline revision itself): another run may have come first.
 */
void
RefuseHistoryInTransaction(Connection &conn, const std::string &id) {
	ResultPtr res =
	    conn.Exec("SELECT (SELECT pg_catalog.count(*) FROM pg_migrate.version), "
	              "(SELECT pg_catalog.count(*) FROM pg_migrate.revision WHERE id OPERATOR(pg_catalog.<>) $1)",
	              {id});
	if (std::string(PQgetvalue(res.get(), 0, 0)) != "0" || std::string(PQgetvalue(res.get(), 0, 1)) != "0")
		throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		                    "database \"" + conn.Database() + "\" already has a migration history",
		                    "Another run gave it revisions while the baseline was being written.",
		                    "Delete the new revision file, or stamp the database at it with \"pgmig stamp\" if it "
		                    "fits.");
}

/*
 * kUncomparedObjectsSql: the user's objects of kinds the snapshot does not describe (see
 * docs/snapshot.md): a baseline would silently leave them out and its verification could
 * not notice.  Built-in objects (oid below FirstNormalObjectId), those of the system schemas
 * and of pg_migrate's schema ($1), and extension members are not listed.
 */
constexpr const char *kUncomparedObjectsSql = R"(
WITH o(classid, objid, nsp) AS (
  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid, c.relnamespace
    FROM pg_catalog.pg_class c WHERE c.relkind OPERATOR(pg_catalog.=) 'f'
  UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid, c.relnamespace
    FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) r.ev_class
    WHERE r.rulename OPERATOR(pg_catalog.<>) '_RETURN'
  UNION ALL SELECT 'pg_catalog.pg_event_trigger'::pg_catalog.regclass, e.oid, NULL::pg_catalog.oid
    FROM pg_catalog.pg_event_trigger e
  UNION ALL SELECT 'pg_catalog.pg_publication'::pg_catalog.regclass, p.oid, NULL FROM pg_catalog.pg_publication p
  UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid, s.stxnamespace
    FROM pg_catalog.pg_statistic_ext s
  UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, op.oid, op.oprnamespace
    FROM pg_catalog.pg_operator op
  UNION ALL SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass, oc.oid, oc.opcnamespace
    FROM pg_catalog.pg_opclass oc
  UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid, f.opfnamespace
    FROM pg_catalog.pg_opfamily f
  UNION ALL SELECT 'pg_catalog.pg_cast'::pg_catalog.regclass, ca.oid, NULL FROM pg_catalog.pg_cast ca
  UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, t.oid, t.cfgnamespace
    FROM pg_catalog.pg_ts_config t
  UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, t.oid, t.dictnamespace FROM pg_catalog.pg_ts_dict t
  UNION ALL SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, t.oid, t.prsnamespace
    FROM pg_catalog.pg_ts_parser t
  UNION ALL SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass, t.oid, t.tmplnamespace
    FROM pg_catalog.pg_ts_template t
  UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, a.aggfnoid::pg_catalog.oid, pr.pronamespace
    FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc pr ON pr.oid OPERATOR(pg_catalog.=) a.aggfnoid
    WHERE a.aggkind OPERATOR(pg_catalog.<>) 'n'
  UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, cv.oid, cv.connamespace
    FROM pg_catalog.pg_conversion cv
  UNION ALL SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, w.oid, NULL
    FROM pg_catalog.pg_foreign_data_wrapper w
  UNION ALL SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass, fs.oid, NULL
    FROM pg_catalog.pg_foreign_server fs
  UNION ALL SELECT 'pg_catalog.pg_transform'::pg_catalog.regclass, tr.oid, NULL FROM pg_catalog.pg_transform tr
  UNION ALL SELECT 'pg_catalog.pg_am'::pg_catalog.regclass, am.oid, NULL FROM pg_catalog.pg_am am
)
SELECT pg_catalog.pg_describe_object(o.classid, o.objid, 0) FROM o
  LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) o.nsp
WHERE o.objid OPERATOR(pg_catalog.>=) 16384
  AND (n.nspname IS NULL OR (n.nspname OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog', 'information_schema', $1])
       AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast|temp_|toast_temp_)'))
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid OPERATOR(pg_catalog.=) o.classid AND d.objid OPERATOR(pg_catalog.=) o.objid
                    AND d.deptype OPERATOR(pg_catalog.=) 'e')
ORDER BY 1
)";

/*
 * UncomparedObjects: the list of kUncomparedObjectsSql; a baseline refuses them unless
 * --allow-uncompared, which only warns.
 */
std::vector<std::string>
UncomparedObjects(Connection &conn, const std::string &extension_schema) {
	ResultPtr res = conn.Exec(kUncomparedObjectsSql, {extension_schema});
	std::vector<std::string> out;
	for (int i = 0; i < PQntuples(res.get()); i++)
		out.emplace_back(PQgetvalue(res.get(), i, 0));
	return out;
}

/* ObjectList: DETAIL lines "  - object", at most kMaxListedChanges of them. */
std::string
ObjectList(const std::vector<std::string> &objects) {
	std::string out;
	for (std::size_t i = 0; i < objects.size(); i++) {
		if (i == kMaxListedChanges) {
			out += "\n... and " + std::to_string(objects.size() - kMaxListedChanges) + " more.";
			break;
		}
		out += "\n  - " + objects[i];
	}
	return out;
}

/*
 * RethrowKeptFile: an error after the file was written (Ctrl-C, a lost server, a failing
 * stamp) says that the file stays and what to do, as a failed verification does; an
 * interruption stays one (exit status 130).
 */
[[noreturn]] void
RethrowKeptFile(const pgm::MigError &e, const std::string &file, const std::string &id, bool stamping) {
	std::string detail = e.Detail() + (e.Detail().empty() ? "" : "\n") + "The file \"" + file + "\" was kept; " +
	                     (stamping ? "the database was not stamped." : "nothing was uploaded or stamped.");
	std::string hint = e.Hint().empty() ? "Once the cause is fixed, record the revision with \"pgmig stamp " + id +
	                                          "\", or delete the file and run \"pgmig baseline\" again."
	                                    : e.Hint();
	const auto *db = dynamic_cast<const DbError *>(&e);
	DbError out(e.Sqlstate(), e.Message(), detail, hint, db != nullptr ? db->Context() : "");
	if (dynamic_cast<const Interrupted *>(&e) != nullptr || InterruptReceived())
		throw Interrupted(out);
	throw out;
}

/*
 * RefuseChangedSchema: the live schema again, in the transaction that stamps: a change made
 * since the revision was written (another session's DDL) would be stamped as part of it.
 */
void
RefuseChangedSchema(Connection &conn, const std::string &database, const pgm::schema::Snapshot &live,
                    const std::vector<std::string> &exclude, const pgm::schema::DiffOptions &diff_options) {
	pgm::schema::Snapshot now =
	    pgm::schema::ParseSnapshot(TakeSnapshot(conn, "database \"" + database + "\""), "the database");
	pgm::schema::ExcludeObjects(now, exclude);
	pgm::schema::DiffResult changed = pgm::schema::Diff(live, now, diff_options);
	if (!changed.Empty())
		throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		                    "the schema of database \"" + database + "\" changed while the baseline was being written",
		                    "These changes were made since it was read:" + ChangeList(changed),
		                    "Delete the file and run \"pgmig baseline\" again.");
}

/*
 * VerifyBaseline: build the new revision in a fresh shadow database as "pgmig upgrade head"
 * would and compare its schema with the live one, then "downgrade base" and compare with the
 * fresh database; "" when both match, else DETAIL sentences saying what differs.
 */
std::string
VerifyBaseline(Context &ctx, const ScriptFolder &folder, const pgm::schema::Snapshot &live,
               const std::vector<std::string> &exclude, const pgm::schema::DiffOptions &diff_options) {
	ShadowDatabase shadow(ctx.ShadowConninfo());
	std::string empty_json = shadow.Snapshot();
	try {
		shadow.ApplyMigrations(folder);
	} catch (const Interrupted &) {
		throw;
	} catch (const DbError &e) {
		return "Its upgrade fails in a fresh database: " + e.Message() + ".";
	}
	std::string built_json = shadow.Snapshot();
	std::string downgrade_error;
	try {
		shadow.DowngradeToBase();
	} catch (const Interrupted &) {
		throw;
	} catch (const DbError &e) {
		downgrade_error = e.Message();
	}
	std::string reverted_json = downgrade_error.empty() ? shadow.Snapshot() : "";
	shadow.Drop();
	ThrowIfInterrupted();

	std::string out;
	pgm::schema::Snapshot built = pgm::schema::ParseSnapshot(built_json, "the baseline revision");
	pgm::schema::ExcludeObjects(built, exclude);
	pgm::schema::DiffResult up = pgm::schema::Diff(built, live, diff_options);
	if (!up.Empty())
		out += "The schema its upgrade builds differs from the database's; the database has these changes on top "
		       "of it:" +
		       ChangeList(up);
	if (!downgrade_error.empty())
		return out + (out.empty() ? "" : "\n") + "Its downgrade fails: " + downgrade_error + ".";
	pgm::schema::Snapshot empty = pgm::schema::ParseSnapshot(empty_json, "a new database");
	pgm::schema::Snapshot reverted = pgm::schema::ParseSnapshot(reverted_json, "the downgraded baseline");
	pgm::schema::ExcludeObjects(empty, exclude);
	pgm::schema::ExcludeObjects(reverted, exclude);
	pgm::schema::DiffResult down = pgm::schema::Diff(reverted, empty, diff_options);
	if (!down.Empty())
		out += std::string(out.empty() ? "" : "\n") +
		       "Its downgrade does not give back a new database; these changes remain to be made:" + ChangeList(down);
	return out;
}

/*
 * RunBaseline: the live snapshot and a fresh database's snapshot give the revision (the
 * differ from "nothing" to the live schema and back, so the SQL is autogenerate's); the file
 * is written before it is verified, so that a revision that does not reproduce the schema
 * stays there to be edited, and is then neither uploaded nor stamped.
 */
void
RunBaseline(Context &ctx, const BaselineOptions &opts) {
	UseHugePagesForHeap(); // snapshots of the whole schema are parsed (heap.hpp)
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::vector<std::string> exclude = ExcludePatterns(ctx, opts.exclude);
	// With compare_privileges the revision grants what the database grants, and the check compares it.
	pgm::schema::DiffOptions diff_options;
	diff_options.compare_privileges = opts.compare_privileges || ctx.GetConfig().compare_privileges.value_or(false);
	if (!opts.rev_id.empty())
		pgm::CheckRevisionId(opts.rev_id);
	CancelOnInterrupt catch_signals;
	std::string database;
	NewRevision rev;
	pgm::schema::Snapshot live;
	try {
		std::string live_json, empty_json;
		{
			Connection conn(ctx.Conninfo());
			database = conn.Database();
			ExtensionSchema(conn); // a database without pg_migrate: its own error, before the catalog is read
			RefuseHistory(folder, conn);
			CancelOnInterrupt cancel(conn);
			std::vector<std::string> uncompared = UncomparedObjects(conn, ExtensionSchema(conn));
			if (!uncompared.empty() && !opts.allow_uncompared)
				throw pgm::MigError(
				    pgm::sqlstate::kFeatureNotSupported,
				    "database \"" + database + "\" has objects that a baseline cannot reproduce",
				    "pg_migrate does not compare these kinds of objects, so the baseline revision would not create "
				    "them and its check could not notice:" +
				        ObjectList(uncompared),
				    "Drop them, or run again with --allow-uncompared to write the baseline without them and add "
				    "them to a revision of your own.");
			for (const std::string &object : uncompared)
				PrintDiagnostic(Diagnostic{"warning", "baseline leaves out " + object, "", "", ""});
			live_json = TakeSnapshot(conn, "database \"" + database + "\"");
		}
		{
			ShadowDatabase shadow(ctx.ShadowConninfo());
			empty_json = shadow.Snapshot();
			shadow.Drop();
		}
		ThrowIfInterrupted();
		live = pgm::schema::ParseSnapshot(live_json, "the database");
		pgm::schema::Snapshot empty = pgm::schema::ParseSnapshot(empty_json, "a new database");
		ApplyExclusions(empty, live, exclude);
		pgm::schema::DiffResult upgrade = pgm::schema::Diff(empty, live, diff_options);
		if (upgrade.Empty())
			throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
			                    "database \"" + database + "\" has no schema to baseline",
			                    "Its schema is that of a new database" +
			                        std::string(exclude.empty() ? "." : ", once the excluded objects are left out."),
			                    "Start with \"pgmig revision -m MESSAGE\" instead.");
		pgm::schema::DiffResult downgrade = pgm::schema::Diff(live, empty, diff_options);
		for (const pgm::schema::Change &change : upgrade.changes)
			std::cout << "Detected " << pgm::TerminalText(change.description) << "\n";
		std::cout.flush();
		for (const std::string &warning : upgrade.warnings)
			PrintDiagnostic(Diagnostic{"warning", warning, "", "", ""});
		rev.message = opts.message;
		rev.rev_id = opts.rev_id;
		rev.upgrade_sql = pgm::schema::RenderSql(upgrade);
		rev.downgrade_sql = pgm::schema::RenderSql(downgrade);
	} catch (const Interrupted &) {
		throw;
	} catch (const pgm::MigError &e) {
		if (InterruptReceived())
			throw Interrupted(e);
		throw;
	}

	std::string id = GenerateRevision(folder, rev);
	ScriptFolder with_baseline = LoadScriptFolder(ctx.ScriptLocation());
	const pgm::Revision *written = with_baseline.graph.Find(id);
	std::string file = written != nullptr ? written->source : id;
	std::string problems;
	try {
		problems = VerifyBaseline(ctx, with_baseline, live, exclude, diff_options);
	} catch (const pgm::MigError &e) {
		RethrowKeptFile(e, file, id, false);
	}
	if (!problems.empty())
		throw pgm::MigError(
		    pgm::sqlstate::kObjectNotInPrerequisiteState,
		    "baseline revision \"" + id + "\" does not reproduce the schema of database \"" + database + "\"",
		    "Built in a shadow database, it was checked against the database. " + problems + "\nThe file \"" + file +
		        "\" was kept; nothing was uploaded or stamped.",
		    "Edit the file until it builds the database's schema, then record it with \"pgmig stamp " + id +
		        "\"; or delete it and fix the cause (e.g. an exclude pattern that leaves out an "
		        "object the schema needs).");

	try {
		RunInMigrationTransaction(ctx, [&](Connection &conn, const std::string &schema) {
			RefuseHistoryInTransaction(conn, id);
			RefuseChangedSchema(conn, database, live, exclude, diff_options);
			ResultPtr res = conn.Exec("SELECT pg_catalog.count(*) FROM " + schema +
			                              ".migrate_stamp($1::pg_catalog.text[], false, $2)",
			                          {TextArrayLiteral({id}), std::string("baseline")});
			return std::stoi(PQgetvalue(res.get(), 0, 0));
		});
	} catch (const pgm::MigError &e) {
		RethrowKeptFile(e, file, id, true);
	}
	PrintProgress(ctx, "Stamped database \"" + database + "\" at baseline revision \"" + id + "\".");
}

} // namespace

void
set_baseline_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<BaselineOptions>();
	CLI::App *sub = app.add_subcommand(
	    "baseline",
	    "For a database with a schema but no pg_migrate history: write a first revision whose upgrade creates the "
	    "database's schema and whose downgrade drops it, check it in a throwaway shadow database, then upload it and "
	    "stamp the database at it, in one transaction");
	AddMessageOption(sub, opts->message);
	AddRevIdOption(sub, opts->rev_id);
	AddExcludeOption(sub, opts->exclude);
	AddComparePrivilegesOption(sub, opts->compare_privileges);
	sub->add_flag("--allow-uncompared", opts->allow_uncompared,
	              "Write the baseline even when the database has objects pg_migrate does not compare (rules, "
	              "foreign tables, publications, statistics objects, operators, casts, text search objects, ...); "
	              "they are listed as warnings and left out of the revision");
	sub->callback([&ctx, opts]() { RunBaseline(ctx, *opts); });
}

} // namespace pgmig
