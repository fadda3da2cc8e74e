#!/bin/sh
# Makes this machine a streaming replica of the Harborline primary (PostgreSQL 15+, Debian packages).
# On the primary first (once):
#   CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '…';
#   pg_hba.conf:  host replication replicator <replica-address>/32 scram-sha-256
#   postgresql.conf: wal_level = replica (the default), max_wal_senders >= 4, wal_keep_size = 2GB
# Then here, as root:  PRIMARY=db-primary.internal sh postgresql-replica.sh
set -eu
: "${PRIMARY:?set PRIMARY to the primary's host name}"
VERSION="${PGVERSION:-15}"
DATA="/var/lib/postgresql/${VERSION}/main"
systemctl stop "postgresql@${VERSION}-main"
rm -rf "${DATA}"
# -R writes standby.signal and primary_conninfo: the server starts as a read-only hot standby.
runuser -u postgres -- pg_basebackup -h "${PRIMARY}" -U replicator -D "${DATA}" -R -X stream -P
systemctl start "postgresql@${VERSION}-main"
runuser -u postgres -- psql -c "SELECT pg_is_in_recovery() AS is_replica, pg_last_wal_replay_lsn()"
