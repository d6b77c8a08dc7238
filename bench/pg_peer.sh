#!/usr/bin/env bash
# A copy of the PostgreSQL peer from the workspace's shared benchmarks, kept
# here so any clone can run it; bench/peer_compare.sh runs it beside cast_bench.
# The design a county IT office would build instead of gongxin: PostgreSQL holding ballots in a table,
# synchronous_commit on, on this machine, through pgbench. Two designs:
#   plain   - one INSERT per ballot (no chaining: the naive upper bound)
#   chained - each INSERT takes the chain head under a row lock and stores
#             sha256(prev || ballot) (what an append-only hash chain costs here)
# Prints "design clients ballots/s" lines. Loopback only; stops its server.
set -u
PGBIN=/usr/lib/postgresql/15/bin
W=$(mktemp -d /tmp/pgpeer.XXXX); chown postgres "$W"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
DUR=${DUR:-8}
as_pg() { su postgres -s /bin/bash -c "$*"; }
as_pg "$PGBIN/initdb -D $W/data -A trust >/dev/null" || exit 1
as_pg "$PGBIN/pg_ctl -D $W/data -o '-p $PORT -k $W -c listen_addresses=127.0.0.1 -c synchronous_commit=on -c fsync=on -c max_connections=200' -l $W/log start -w >/dev/null" || exit 1
trap 'as_pg "$PGBIN/pg_ctl -D $W/data stop -m fast >/dev/null"; rm -rf "$W"' EXIT
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -q"
$PSQL -c "create extension if not exists pgcrypto;
create table ballots(id bigserial primary key, meeting text, voter text, choices jsonb, prev bytea, h bytea);
create table head(meeting text primary key, h bytea);
insert into head values ('m1', '\x00');
create function cast_chained(v text, c jsonb) returns void language plpgsql as \$\$
declare p bytea; nh bytea;
begin
  select h into p from head where meeting='m1' for update;
  nh := digest(p || convert_to(v || c::text, 'UTF8'), 'sha256');
  insert into ballots(meeting, voter, choices, prev, h) values ('m1', v, c, p, nh);
  update head set h = nh where meeting='m1';
end \$\$;" || exit 1
cat > "$W/plain.sql" <<'SQL'
\set v random(1, 1000000000)
INSERT INTO ballots(meeting, voter, choices) VALUES ('m1', 'voter-' || :v, '{"q1":["c1","c3"],"q2":["c7"]}');
SQL
cat > "$W/chained.sql" <<'SQL'
\set v random(1, 1000000000)
SELECT cast_chained('voter-' || :v, '{"q1":["c1","c3"],"q2":["c7"]}');
SQL
for design in plain chained; do
  for c in ${CLIENTS:-1 8 64}; do
    tps=$(pgbench -h 127.0.0.1 -p "$PORT" -U postgres -n -c "$c" -j 2 -T "$DUR" -f "$W/$design.sql" postgres 2>/dev/null | grep -Eo 'tps = [0-9.]+' | head -1 | grep -Eo '[0-9.]+')
    echo "$design $c ${tps:-fail}"
  done
done
