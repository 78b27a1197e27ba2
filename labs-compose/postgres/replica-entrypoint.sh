#!/bin/sh
# The standby's start: on first run, copy the primary with pg_basebackup (-R writes the
# standby.signal file and the connection back to the primary), then run as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup --host=postgres --username=replicator --pgdata="$PGDATA" \
      --write-recovery-conf --wal-method=stream --checkpoint=fast; do
    echo "replica: waiting for the primary…"
    sleep 1
  done
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
