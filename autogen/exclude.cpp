/*
 * exclude.cpp: the exclude filters of autogenerate, check and baseline (pgmig.toml's
 * exclude, --exclude, the version table of an adopted Alembic database), applied to a parsed
 * snapshot so that every command that compares schemas leaves out the same objects.
 *
 * Matching: each pattern is split at its first unescaped "." into a schema part and a name
 * part, two fnmatch(3) globs (no flags: "*" also matches "."; "\" escapes) matched against
 * the schema and the name, both unquoted, exactly as stored (case-sensitive: a table
 * created as "Order" is matched by public.Order, one created as Order by public.order).
 * Functions, procedures and aggregates match by name without their arguments; an extension
 * by the schema it is installed in.  A schema itself is left out only when a pattern
 * excludes everything in it, i.e. the pattern's name part is "*" and its schema part matches
 * the schema's name ("audit.*", "*.*"): "audit.t*" leaves the schema audit in.
 *
 * What belongs to an excluded table goes with it: its columns (and their comments),
 * constraints, indexes, triggers and policies, the sequences owned by its columns, its
 * partitions and its inheritance children (INHERITS; a child without its parent would be
 * created without the inherited columns), and theirs in turn.  Constraints, triggers and
 * policies are matched only through their table.
 */
#include "autogen/diff.hpp"
#include "autogen/snapshot.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"

#include <fnmatch.h>

#include <set>

namespace pgm::schema {

namespace {

/* Unquoted: an identifier as quote_ident wrote it, back to the name PostgreSQL stores. */
std::string
Unquoted(const std::string &ident) {
	if (ident.size() < 2 || ident.front() != '"' || ident.back() != '"') {
		return ident;
	}
	std::string out;
	for (size_t i = 1; i + 1 < ident.size(); ++i) {
		out += ident[i];
		if (ident[i] == '"' && ident[i + 1] == '"') {
			++i;
		}
	}
	return out;
}

bool
Matches(const std::string &pattern, const std::string &text) {
	return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

/*
 * SplitPattern: a pattern's schema part and name part, split at its first "." that is not
 * escaped (CheckExcludePattern made sure there is one).  Each part is matched against its
 * own identifier, so "audit.*" does not match the objects of a schema named "audit.archive".
 */
struct SplitPattern {
	std::string schema;
	std::string name;
};

SplitPattern
Split(const std::string &pattern) {
	for (size_t i = 0; i < pattern.size(); ++i) {
		if (pattern[i] == '\\') {
			++i;
			continue;
		}
		if (pattern[i] == '.') {
			return {pattern.substr(0, i), pattern.substr(i + 1)};
		}
	}
	return {pattern, ""};
}

/* ExcludesWholeSchema: the pattern's name part is exactly "*" and its schema part matches schema. */
bool
ExcludesWholeSchema(const SplitPattern &pattern, const std::string &schema) {
	return pattern.name == "*" && Matches(pattern.schema, schema);
}

/* MatchedByName: kinds matched by their own schema and name (not only through their table). */
bool
MatchedByName(const Object &o) {
	switch (o.kind) {
		case Kind::kSchema:
		case Kind::kConstraint:
		case Kind::kTrigger:
		case Kind::kPolicy:
			return false;
		default:
			return true;
	}
}

} // namespace

void
CheckExcludePattern(const std::string &pattern, const std::string &what) {
	size_t dot = std::string::npos;
	for (size_t i = 0; i < pattern.size(); ++i) {
		if (pattern[i] == '\\') {
			++i;
		} else if (pattern[i] == '.') {
			dot = i;
			break;
		}
	}
	if (dot == std::string::npos || dot == 0 || dot + 1 == pattern.size()) {
		throw MigError(sqlstate::kInvalidParameterValue,
		               "invalid exclude pattern \"" + MessageText(pattern, kMaxQuotedNameChars) + "\" in " + what,
		               "An exclude pattern is a schema-qualified glob: schema.name.",
		               "Write e.g. public.alembic_version, audit.* or *.tmp_*.");
	}
}

std::string
GlobEscape(const std::string &name) {
	std::string out;
	for (char c : name) {
		if (c == '*' || c == '?' || c == '[' || c == '\\') {
			out += '\\';
		}
		out += c;
	}
	return out;
}

/*
 * ExcludeObjects: the excluded ids are found in three rounds: objects by their own name,
 * then the tables' partitions and inheritance children (repeated, for their own children), then what belongs to
 * an excluded table.  The column index is rebuilt afterwards (std::map erasure keeps the
 * other objects where they are, but the columns of the erased tables must go).
 */
void
ExcludeObjects(Snapshot &snapshot, const std::vector<std::string> &patterns) {
	if (patterns.empty()) {
		return;
	}
	SnapshotData &data = *snapshot.data_;
	std::vector<SplitPattern> split;
	for (const std::string &p : patterns) {
		split.push_back(Split(p));
	}
	std::set<std::string> out;
	for (const auto &entry : data.objects) {
		const Object &o = entry.second;
		for (const SplitPattern &p : split) {
			bool hit = o.kind == Kind::kSchema ? ExcludesWholeSchema(p, Unquoted(o.name))
			                                   : MatchedByName(o) && Matches(p.schema, Unquoted(o.schema)) &&
			                                         Matches(p.name, Unquoted(o.name));
			if (hit) {
				out.insert(o.id);
				break;
			}
		}
	}
	for (bool grew = true; grew;) {
		grew = false;
		for (const auto &entry : data.objects) {
			const Object &o = entry.second;
			bool parent_out = o.partition_of && out.count(*o.partition_of) != 0;
			for (const std::string &parent : o.inherits) {
				parent_out = parent_out || out.count(parent) != 0;
			}
			if (parent_out && out.insert(o.id).second) {
				grew = true;
			}
		}
	}
	for (const auto &entry : data.objects) {
		const Object &o = entry.second;
		if (!o.table.empty() && out.count(o.table) != 0) {
			out.insert(o.id);
		}
		if (o.kind == Kind::kSequence && o.owned_by) {
			const ColumnRef *owner = data.FindColumn(*o.owned_by);
			if (owner != nullptr && out.count(owner->table->id) != 0) {
				out.insert(o.id);
			}
		}
	}
	if (out.empty()) {
		return;
	}
	std::set<std::string> gone_columns;
	for (const std::string &id : out) {
		auto it = data.objects.find(id);
		for (const Column &c : it->second.columns) {
			gone_columns.insert(c.id);
		}
		data.objects.erase(it);
	}
	auto keep = [&](std::vector<std::string> &deps) {
		std::vector<std::string> kept;
		for (std::string &d : deps) {
			if (out.count(d) == 0 && gone_columns.count(d) == 0) {
				kept.push_back(std::move(d));
			}
		}
		deps = std::move(kept);
	};
	data.columns.clear();
	for (auto &entry : data.objects) {
		Object &o = entry.second;
		keep(o.deps);
		for (size_t i = 0; i < o.columns.size(); ++i) {
			keep(o.columns[i].deps);
			data.columns.emplace(o.columns[i].id, ColumnRef{&o, i});
		}
	}
}

} // namespace pgm::schema
