/*
 * snapshot.hpp: a parsed schema snapshot (docs/snapshot.md) as plain structs: one
 * Object per snapshot object, keyed by id, with the fields of every kind; tables carry
 * their columns.  Parsing checks every field the diff reads, so the diff never meets a
 * missing or mistyped one.
 */
#pragma once

#include "autogen/diff.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace pgm::schema {

enum class Kind {
	kSchema,
	kExtension,
	kEnum,
	kDomain,
	kComposite,
	kSequence,
	kTable,
	kConstraint,
	kIndex,
	kView,
	kMatview,
	kFunction,
	kProcedure,
	kAggregate,
	kCollation,
	kTrigger,
	kPolicy,
};

/* KindName: the snapshot's name of a kind ("matview"). */
const char *KindName(Kind kind);

using OptText = std::optional<std::string>;

/* SequenceOptions: a sequence's options; qname only for identity sequences. */
struct SequenceOptions {
	std::string qname;
	std::string data_type;
	int64_t start = 0;
	int64_t increment = 0;
	int64_t min = 0;
	int64_t max = 0;
	int64_t cache = 0;
	bool cycle = false;

	bool
	operator==(const SequenceOptions &o) const {
		return qname == o.qname && data_type == o.data_type && start == o.start && increment == o.increment &&
		       min == o.min && max == o.max && cache == o.cache && cycle == o.cycle;
	}
	bool
	operator!=(const SequenceOptions &o) const {
		return !(*this == o);
	}
};

struct Column {
	std::string name; // quoted
	std::string id;   // column:<table qname>.<name>
	std::string type;
	bool not_null = false;
	OptText default_expr;
	std::string identity; // "", "a", "d"
	std::optional<SequenceOptions> identity_sequence;
	std::string generated; // "", "s"
	OptText generation_expr;
	OptText collation;
	OptText comment;
	bool inherited = false;       // NOT attislocal
	int inherit_count = 0;        // attinhcount: how many parents it is inherited from (merged columns too)
	std::vector<std::string> acl; // column privileges, "grantee:PRIVILEGE[*]" sorted (docs/snapshot.md)
	std::vector<std::string> deps;
	// The models' own spelling of the type and the default (model_spelling.hpp), when known and
	// checked to mean the same as type and default_expr: used when SQL is written, never compared.
	OptText type_spelling;
	OptText default_spelling;
};

struct NamedDef {
	std::string name;
	std::string def;
	bool
	operator==(const NamedDef &o) const {
		return name == o.name && def == o.def;
	}
};

struct Attribute {
	std::string name;
	std::string type;
	OptText collation;
};

/* Object: one snapshot object; only the fields of its kind are set. */
struct Object {
	Kind kind = Kind::kSchema;
	std::string id;
	OptText comment;
	std::vector<std::string> deps;
	std::string schema; // quoted; "" for schemas
	std::string name;   // quoted
	std::string qname;  // schema.name, or name for schemas and extensions

	std::string version;                     // extension
	std::vector<std::string> update_targets; // extension: versions reachable by ALTER EXTENSION ... UPDATE
	bool has_update_targets = false;         // extension: the snapshot lists update_targets
	std::vector<std::string> acl;            // schema, table, view, matview, sequence, function, ...
	std::vector<std::string> labels;         // enum
	std::string base_type;                   // domain
	bool not_null = false;                   // domain
	OptText default_expr;                    // domain
	OptText collation;                       // domain
	std::vector<NamedDef> constraints;       // domain
	std::vector<Attribute> attributes;       // composite
	SequenceOptions sequence;                // sequence
	OptText owned_by;                        // sequence: a column id
	std::string persistence = "p";           // table
	OptText partition_key;                   // table
	OptText partition_of;                    // table: parent table id
	OptText partition_bound;                 // table
	std::vector<std::string> inherits;       // table: INHERITS parent ids in order (not for partitions)
	bool valid = true;                       // index: indisvalid
	std::vector<std::string> options;        // table, view, matview
	bool rls_enabled = false;                // table
	bool rls_forced = false;                 // table
	std::vector<Column> columns;             // table
	std::string table;                       // constraint, index, trigger, policy: the table id
	std::string contype;                     // constraint
	std::string def;                         // constraint, index, view, matview, function, procedure, trigger
	std::map<std::string, std::string> column_comments; // view, matview
	std::string identity_args;                          // function, procedure
	std::string arguments;                              // function, procedure
	OptText result;                                     // function
	std::string enabled = "O";                          // trigger
	bool permissive = true;                             // policy
	std::string command;                                // policy
	std::vector<std::string> roles;                     // policy
	OptText using_expr;                                 // policy
	OptText with_check;                                 // policy

	const Column *FindColumn(const std::string &column_name) const;
};

/* ColumnRef: where a column id points. */
struct ColumnRef {
	const Object *table = nullptr;
	size_t index = 0;
	const Column &
	Get() const {
		return table->columns[index];
	}
};

/* CanonicalDefault: a column default as compared (CURRENT_TIMESTAMP is now()). */
std::string CanonicalDefault(std::string expr);

/* CanonicalOptions: storage parameters sorted, booleans spelt true or false. */
std::vector<std::string> CanonicalOptions(std::vector<std::string> options);

/* CanonicalType: type without a precision of 6 on timestamp, time and interval (their default). */
std::string CanonicalType(std::string type);

struct SnapshotData {
	std::map<std::string, Object> objects;              // by id, so iteration is sorted
	std::unordered_map<std::string, ColumnRef> columns; // by column id

	const Object *Find(const std::string &id) const;
	const ColumnRef *FindColumn(const std::string &column_id) const;
};

} // namespace pgm::schema
