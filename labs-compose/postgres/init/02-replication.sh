#!/bin/sh
# Runs once, when the primary's data volume is first created: a role the replica connects as,
# allowed to open replication connections (the image's pg_hba.conf only admits normal ones).
set -eu
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
