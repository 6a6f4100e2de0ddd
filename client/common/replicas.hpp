/*
 * replicas.hpp: --wait-replicas: after a change, wait until every streaming standby of the
 * server has replayed it (pg_stat_replication), and report their lag.
 */
#pragma once

#include "client/common/context.hpp"

#include <string>

namespace pgmig {

/*
 * WaitReplicas: read pg_current_wal_lsn() on the server of conninfo, then poll
 * pg_stat_replication (and the inactive physical replication slots, whose standby is not
 * connected) every 100 ms until every standby's replay_lsn has reached it; print one progress
 * line per standby (application_name, client address, lag in bytes and time).  Throws 57014
 * when timeout_s seconds pass first, naming the standby that is behind.
 */
void WaitReplicas(const Context &ctx, const std::string &conninfo, double timeout_s);

} // namespace pgmig
