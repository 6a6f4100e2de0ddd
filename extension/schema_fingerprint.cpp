/*
 * schema_fingerprint.cpp: migrate_schema_fingerprint(): a cheap fingerprint of the catalogs
 * migrate_snapshot() reads, the promise a migration run stores instead of a snapshot
 * (ddl_guard.cpp, docs/snapshot-cow.md).
 *
 * "count:xor:sum" over the visible rows of those catalogs: how many, the XOR of the hashes of
 * their positions (catalog, ctid) and the sum of their xmins modulo 2^32.  DDL writes new row
 * versions (new ctid, new xmin) or removes rows, so any change of the schema changes it;
 * pg_class rows are hashed on the columns DDL sets, not on relfilenode or the statistics, so
 * TRUNCATE, CLUSTER, REINDEX, VACUUM and ANALYZE keep it.  Temporary relations, their row types,
 * the rows that belong to them and the temporary schemas are left out: other sessions'
 * temporary tables must not look like a schema change.  VACUUM FULL of a catalog moves its rows
 * and changes the fingerprint (pgmig drift then compares with the migrations).
 *
 * Heap scans under the caller's snapshot (the REPEATABLE READ transaction of pgmig drift, the
 * run's own statement), no planner and no executor: a few milliseconds at 1,000 tables, where
 * the same in SQL cost a planning of ~10 ms per call.  Plain C style (no C++ object), so an
 * ERROR may longjmp through it.
 */
extern "C" {
#include "postgres.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_description.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_sequence.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
}

#include <cstdlib>
#include <cstring>

namespace pgm::pg {
namespace {

/* Fingerprint: the running aggregate. */
struct Fingerprint {
	uint64 count;
	uint32 xor_hash;
	uint32 xmin_sum;
};

/* OidSet: a sorted array of oids (the temporary relations and their row types, or schemas). */
struct OidSet {
	Oid *oids;
	int n;
	int capacity;
};

void
OidSetAdd(OidSet *set, Oid oid) {
	if (set->n == set->capacity) {
		set->capacity = set->capacity == 0 ? 16 : set->capacity * 2;
		set->oids = set->oids == nullptr ? static_cast<Oid *>(palloc(sizeof(Oid) * set->capacity))
		                                 : static_cast<Oid *>(repalloc(set->oids, sizeof(Oid) * set->capacity));
	}
	set->oids[set->n++] = oid;
}

int
CompareOids(const void *a, const void *b) {
	Oid x = *static_cast<const Oid *>(a), y = *static_cast<const Oid *>(b);
	return x < y ? -1 : (x > y ? 1 : 0);
}

bool
OidSetContains(const OidSet *set, Oid oid) {
	return set->n > 0 && bsearch(&oid, set->oids, set->n, sizeof(Oid), CompareOids) != nullptr;
}

/* IsTempNamespaceName: pg_temp_N or pg_toast_temp_N. */
bool
IsTempNamespaceName(const char *name) {
	return strncmp(name, "pg_temp_", 8) == 0 || strncmp(name, "pg_toast_temp_", 14) == 0;
}

/* AddRow: one visible row, its hash given (its position's) and its version (xmin). */
void
AddRow(Fingerprint *fp, uint32 hash, TransactionId xmin) {
	fp->count++;
	fp->xor_hash ^= hash;
	fp->xmin_sum += xmin;
}

/* PositionHash: the hash of (catalog, ctid) of a row. */
uint32
PositionHash(Oid catalog, HeapTuple tuple) {
	return hash_combine(hash_bytes_uint32(catalog),
	                    hash_bytes(reinterpret_cast<const unsigned char *>(&tuple->t_self), sizeof(ItemPointerData)));
}

/* VarlenaHash: the hash of a varlena column of a row (0 when NULL). */
uint32
VarlenaHash(HeapTuple tuple, int attnum, TupleDesc desc) {
	bool isnull;
	Datum value = heap_getattr(tuple, attnum, desc, &isnull);
	if (isnull)
		return 0;
	struct varlena *v = reinterpret_cast<struct varlena *>(DatumGetPointer(value));
	if (VARATT_IS_EXTERNAL(v))
		v = pg_detoast_datum_packed(v);
	return hash_bytes(reinterpret_cast<const unsigned char *>(VARDATA_ANY(v)), static_cast<int>(VARSIZE_ANY_EXHDR(v)));
}

/*
 * ClassHash: the hash of the columns of a pg_class row that DDL sets (not relfilenode, the
 * statistics, relfrozenxid, relhasindex and the like that maintenance commands change).
 */
uint32
ClassHash(HeapTuple tuple, TupleDesc desc) {
	Form_pg_class c = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
	uint32 h = hash_bytes_uint32(c->oid);
	h = hash_combine(h, hash_bytes(reinterpret_cast<const unsigned char *>(NameStr(c->relname)),
	                               static_cast<int>(strlen(NameStr(c->relname)))));
	const uint32 fields[] = {c->relnamespace,
	                         c->reltype,
	                         c->relowner,
	                         c->relam,
	                         c->reltablespace,
	                         c->reltoastrelid,
	                         static_cast<uint32>(c->relnatts),
	                         static_cast<uint32>(c->relchecks),
	                         static_cast<uint32>(c->relkind),
	                         static_cast<uint32>(c->relpersistence),
	                         static_cast<uint32>(c->relreplident),
	                         static_cast<uint32>(c->relhasrules) | static_cast<uint32>(c->relhastriggers) << 1 |
	                             static_cast<uint32>(c->relrowsecurity) << 2 |
	                             static_cast<uint32>(c->relforcerowsecurity) << 3 |
	                             static_cast<uint32>(c->relispartition) << 4 | static_cast<uint32>(c->relisshared) << 5,
	                         c->reloftype};
	for (uint32 field : fields)
		h = hash_combine(h, hash_bytes_uint32(field));
	h = hash_combine(h, VarlenaHash(tuple, Anum_pg_class_relacl, desc));
	h = hash_combine(h, VarlenaHash(tuple, Anum_pg_class_reloptions, desc));
	h = hash_combine(h, VarlenaHash(tuple, Anum_pg_class_relpartbound, desc));
	return h;
}

/*
 * RelatedOid: the oid by which a row of catalog belongs to a (possibly temporary) object, for
 * the catalogs whose rows belong to a relation or a type; InvalidOid for the others.  For
 * pg_depend both ends count (SecondOid).
 */
Oid
RelatedOid(Oid catalog, HeapTuple tuple) {
	void *row = GETSTRUCT(tuple);
	switch (catalog) {
		case AttributeRelationId:
			return static_cast<Form_pg_attribute>(row)->attrelid;
		case ConstraintRelationId:
			return static_cast<Form_pg_constraint>(row)->conrelid;
		case IndexRelationId:
			return static_cast<Form_pg_index>(row)->indrelid;
		case TriggerRelationId:
			return static_cast<Form_pg_trigger>(row)->tgrelid;
		case PolicyRelationId:
			return static_cast<Form_pg_policy>(row)->polrelid;
		case RewriteRelationId:
			return static_cast<Form_pg_rewrite>(row)->ev_class;
		case AttrDefaultRelationId:
			return static_cast<Form_pg_attrdef>(row)->adrelid;
		case InheritsRelationId:
			return static_cast<Form_pg_inherits>(row)->inhrelid;
		case SequenceRelationId:
			return static_cast<Form_pg_sequence>(row)->seqrelid;
		case DependRelationId:
			return static_cast<Form_pg_depend>(row)->objid;
		case DescriptionRelationId:
			return static_cast<Form_pg_description>(row)->objoid;
		default:
			return InvalidOid;
	}
}

/* RelatedNamespace: the schema of a row of the catalogs with one (pg_type, pg_proc). */
Oid
RelatedNamespace(Oid catalog, HeapTuple tuple) {
	if (catalog == TypeRelationId)
		return reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple))->typnamespace;
	if (catalog == ProcedureRelationId)
		return reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple))->pronamespace;
	return InvalidOid;
}

/*
 * ScanCatalog: add the visible rows of catalog under snapshot, leaving out those of temporary
 * objects (temp: relations and their row types; temp_nsp: schemas).
 */
void
ScanCatalog(Fingerprint *fp, Oid catalog, Snapshot snapshot, const OidSet *temp, const OidSet *temp_nsp) {
	Relation rel = table_open(catalog, AccessShareLock);
	TableScanDesc scan = table_beginscan(rel, snapshot, 0, nullptr);
	HeapTuple tuple;
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
		Oid related = RelatedOid(catalog, tuple);
		if (OidIsValid(related) && OidSetContains(temp, related))
			continue;
		if (catalog == DependRelationId &&
		    OidSetContains(temp, reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple))->refobjid))
			continue;
		Oid nsp = RelatedNamespace(catalog, tuple);
		if (OidIsValid(nsp) && OidSetContains(temp_nsp, nsp))
			continue;
		if (catalog == NamespaceRelationId &&
		    IsTempNamespaceName(NameStr(reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple))->nspname)))
			continue;
		AddRow(fp, PositionHash(catalog, tuple), HeapTupleHeaderGetRawXmin(tuple->t_data));
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
}

/*
 * ScanClasses: the rows of pg_class but temporary ones, hashed on their columns; collects the
 * temporary relations and their row types into temp.
 */
void
ScanClasses(Fingerprint *fp, Snapshot snapshot, OidSet *temp) {
	Relation rel = table_open(RelationRelationId, AccessShareLock);
	TupleDesc desc = RelationGetDescr(rel);
	TableScanDesc scan = table_beginscan(rel, snapshot, 0, nullptr);
	HeapTuple tuple;
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
		Form_pg_class c = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
		if (c->relpersistence == RELPERSISTENCE_TEMP) {
			OidSetAdd(temp, c->oid);
			if (OidIsValid(c->reltype))
				OidSetAdd(temp, c->reltype);
			continue;
		}
		// not its position or version: TRUNCATE, CLUSTER and REINDEX write a new one
		AddRow(fp, hash_combine(hash_bytes_uint32(RelationRelationId), ClassHash(tuple, desc)), InvalidTransactionId);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	if (temp->n > 1)
		qsort(temp->oids, temp->n, sizeof(Oid), CompareOids);
}

/* ScanTempNamespaces: the oids of the temporary schemas. */
void
ScanTempNamespaces(Snapshot snapshot, OidSet *temp_nsp) {
	Relation rel = table_open(NamespaceRelationId, AccessShareLock);
	TableScanDesc scan = table_beginscan(rel, snapshot, 0, nullptr);
	HeapTuple tuple;
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
		Form_pg_namespace n = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple));
		if (IsTempNamespaceName(NameStr(n->nspname)))
			OidSetAdd(temp_nsp, n->oid);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	if (temp_nsp->n > 1)
		qsort(temp_nsp->oids, temp_nsp->n, sizeof(Oid), CompareOids);
}

} // namespace
} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_schema_fingerprint);
Datum
migrate_schema_fingerprint(PG_FUNCTION_ARGS) {
	using namespace pgm::pg;
	static const Oid kCatalogs[] = {
	    AttributeRelationId,   NamespaceRelationId, ConstraintRelationId, IndexRelationId,   TypeRelationId,
	    ProcedureRelationId,   AggregateRelationId, TriggerRelationId,    PolicyRelationId,  RewriteRelationId,
	    AttrDefaultRelationId, InheritsRelationId,  SequenceRelationId,   DependRelationId,  DescriptionRelationId,
	    ExtensionRelationId,   CollationRelationId, EnumRelationId,       OperatorRelationId};
	Snapshot snapshot = RegisterSnapshot(GetActiveSnapshot());
	Fingerprint fp = {0, 0, 0};
	OidSet temp = {nullptr, 0, 0};
	OidSet temp_nsp = {nullptr, 0, 0};
	ScanClasses(&fp, snapshot, &temp);
	ScanTempNamespaces(snapshot, &temp_nsp);
	for (Oid catalog : kCatalogs)
		ScanCatalog(&fp, catalog, snapshot, &temp, &temp_nsp);
	UnregisterSnapshot(snapshot);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf(UINT64_FORMAT ":%u:%u", fp.count, static_cast<unsigned>(fp.xor_hash),
	                                          static_cast<unsigned>(fp.xmin_sum))));
}

} // extern "C"
