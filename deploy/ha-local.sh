#!/usr/bin/env bash
# The highly available deployment on one machine, on loopback ports, with Debian's packages: etcd, two PostgreSQL servers managed
# by Patroni (a leader and a streaming replica), HAProxy routing writes to the leader and reports to the replica, and two Skillgate
# nodes (the published build) behind it.
#
#   deploy/ha-local.sh up            install what is missing, publish the app, start everything, wait until it answers
#   deploy/ha-local.sh status        the Patroni cluster and the app nodes
#   deploy/ha-local.sh kill-leader   a server failure: SIGKILL to the leader's Patroni and PostgreSQL
#   deploy/ha-local.sh failover      up, then bench/Skillgate.Bench failover (a burst while the leader dies), then down
#   deploy/ha-local.sh down          stop everything and remove the folder
#
# Ports: etcd 2379, PostgreSQL 5433/5434 (Patroni REST 8008/8009), HAProxy 5000 (leader) 5001 (replica) 8080 (app) 8404 (stats),
# app nodes 8081/8082. Everything lives in $HA_DIR (default /tmp/skillgate-ha). Run as root (the servers run as 'postgres').
set -euo pipefail
cd "$(dirname "$0")/.."
HA_DIR="${HA_DIR:-/tmp/skillgate-ha}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
SUPER_PW=ha-super
APP_PW=ha-app
OWNER_PW=ha-owner
# The bench signs in with its own password (bench/Skillgate.Bench/BenchClient.cs).
ADMIN_PW='Bench#2026x'
export PGPASSWORD=$SUPER_PW

say() { printf '%s %s\n' "$(date +%T)" "$*"; }

install() {
  local need=()
  command -v patroni >/dev/null || need+=(patroni)
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v haproxy >/dev/null || need+=(haproxy)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

patroni_config() { # name pg-port rest-port
  cat > "$HA_DIR/$1.yml" <<EOF
scope: skillgate
name: $1
restapi: {listen: 127.0.0.1:$3, connect_address: 127.0.0.1:$3}
etcd: {host: 127.0.0.1:2379}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    # A commit is acknowledged only once the standby has it: a failover loses nothing acknowledged (with asynchronous
    # streaming, a run here lost 3 of 2,954 acknowledged check-ins that the dead leader had not sent yet).
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {max_connections: 200, wal_level: replica, hot_standby: "on", wal_log_hints: "on", max_wal_senders: 10, max_replication_slots: 10}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}]
  pg_hba:
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
    - local all all trust
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $HA_DIR/$1
  bin_dir: $PG_BIN
  pgpass: $HA_DIR/$1.pgpass
  parameters: {unix_socket_directories: '$HA_DIR'}
  authentication:
    replication: {username: replicator, password: ha-rep}
    superuser: {username: postgres, password: $SUPER_PW}
    rewind: {username: rewind_user, password: ha-rewind}
EOF
}

haproxy_config() {
  cat > "$HA_DIR/haproxy.cfg" <<EOF
global
    maxconn 2000
defaults
    timeout connect 2s
    timeout check 1s
    timeout client 60s
    timeout server 60s
listen stats
    mode http
    bind 127.0.0.1:8404
    stats enable
    stats uri /
listen postgres_primary
    mode tcp
    bind 127.0.0.1:5000
    timeout client 30m
    timeout server 30m
    option httpchk OPTIONS /primary
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
    server pg1 127.0.0.1:5433 maxconn 200 check port 8008
    server pg2 127.0.0.1:5434 maxconn 200 check port 8009
listen postgres_replicas
    mode tcp
    bind 127.0.0.1:5001
    timeout client 30m
    timeout server 30m
    option httpchk OPTIONS /replica
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    server pg1 127.0.0.1:5433 maxconn 200 check port 8008
    server pg2 127.0.0.1:5434 maxconn 200 check port 8009
frontend skillgate
    mode http
    bind 127.0.0.1:8080
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    default_backend skillgate_nodes
backend skillgate_nodes
    mode http
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server app1 127.0.0.1:8081 check
    server app2 127.0.0.1:8082 check
EOF
}

wait_for() { # what, seconds, command...
  local what=$1 limit=$2; shift 2
  for _ in $(seq 1 $((limit * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  say "gave up waiting for $what"; return 1
}

leader_via_proxy() {
  [ "$("$PG_BIN/psql" -h 127.0.0.1 -p 5000 -U postgres -d postgres -Atc "SELECT pg_is_in_recovery()")" = f ] &&
    [ "$(curl -s http://127.0.0.1:8404/\;csv | awk -F, '$1=="postgres_primary" && $2 ~ /^pg/ && $18=="UP"' | wc -l)" = 1 ]
}

sync_standby() {
  [ "$("$PG_BIN/psql" -h 127.0.0.1 -p 5000 -U postgres -d postgres -Atc "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ]
}

leader_port() { # the REST port of the member whose /primary answers 200
  for p in 8008 8009; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/primary")" = 200 ] && { echo $p; return 0; }
  done
  return 1
}

node_env() { # node-number: KEY='value' lines (values hold ';' and spaces)
  local n=$1
  sed -E "s/^([A-Za-z_]+)=(.*)$/\\1='\\2'/" <<EOF
ConnectionStrings__Default=Host=127.0.0.1;Port=5000;Database=skillgate;Username=skillgate_app;Password=$APP_PW;Timeout=3;Command Timeout=15;Keepalive=5
ConnectionStrings__Owner=Host=127.0.0.1;Port=5000;Database=skillgate;Username=skillgate_owner;Password=$OWNER_PW;Timeout=3
ConnectionStrings__Reports=Host=127.0.0.1;Port=5001;Database=skillgate;Username=skillgate_app;Password=$APP_PW;Timeout=2;Command Timeout=15
Skillgate__DataPath=$HA_DIR/data
Skillgate__Node=app$n
Skillgate__Audit__CheckpointFolder=$HA_DIR/data/audit/app$n
Skillgate__Audit__CheckpointKey=$(cat "$HA_DIR/checkpoint.key")
Skillgate__Faces__TemplateKey=$(cat "$HA_DIR/faces.key")
Skillgate__AdminPassword=$ADMIN_PW
Skillgate__Proxy__KnownProxies=127.0.0.1
Skillgate__Workflow__EscalationPollSeconds=3
Skillgate__Training__QrRotateSeconds=300
Skillgate__Telemetry__Prometheus=true
ASPNETCORE_ENVIRONMENT=Production
EOF
}

up() {
  install
  rm -rf "$HA_DIR"; mkdir -p "$HA_DIR/logs" "$HA_DIR/data"
  chown postgres:postgres "$HA_DIR"; chmod 755 "$HA_DIR"
  openssl rand -base64 32 > "$HA_DIR/checkpoint.key"; openssl rand -base64 32 > "$HA_DIR/faces.key"

  say "publishing the app"
  dotnet publish src/Skillgate -c Release -o "$HA_DIR/app" -nologo -v q >/dev/null

  say "etcd"
  (etcd --name ha --data-dir "$HA_DIR/etcd" --enable-v2=true --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
        --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster ha=http://127.0.0.1:2380 \
        > "$HA_DIR/logs/etcd.log" 2>&1 & echo $! > "$HA_DIR/etcd.pid")
  wait_for etcd 30 curl -sf http://127.0.0.1:2379/health

  say "Patroni: pg1 (bootstraps the leader), then pg2 (a streaming replica)"
  patroni_config pg1 5433 8008; patroni_config pg2 5434 8009
  chown postgres:postgres "$HA_DIR"/pg1.yml "$HA_DIR"/pg2.yml
  (runuser -u postgres -- patroni "$HA_DIR/pg1.yml" > "$HA_DIR/logs/pg1.log" 2>&1 & echo $! > "$HA_DIR/pg1.pid")
  wait_for "pg1 as leader" 90 curl -sf http://127.0.0.1:8008/primary
  (runuser -u postgres -- patroni "$HA_DIR/pg2.yml" > "$HA_DIR/logs/pg2.log" 2>&1 & echo $! > "$HA_DIR/pg2.pid")
  wait_for "pg2 as replica" 90 curl -sf http://127.0.0.1:8009/replica

  say "HAProxy"
  haproxy_config
  haproxy -f "$HA_DIR/haproxy.cfg" -D -p "$HA_DIR/haproxy.pid"
  # HAProxy starts with every server up until its checks say otherwise: wait until port 5000 reaches only the leader.
  wait_for "the leader through HAProxy" 30 leader_via_proxy
  sleep 2

  wait_for "pg2 as the synchronous standby" 30 sync_standby
  say "roles and database (the README's SQL for an external server)"
  "$PG_BIN/psql" -h 127.0.0.1 -p 5000 -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<EOF
CREATE ROLE skillgate_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$OWNER_PW';
CREATE ROLE skillgate_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$APP_PW';
GRANT skillgate_app TO skillgate_owner WITH ADMIN OPTION;
CREATE DATABASE skillgate OWNER skillgate_owner;
EOF

  for n in 1 2; do
    node_env $n > "$HA_DIR/node$n.env"
    say "app node $n on 127.0.0.1:808$n"
    (set -a; . "$HA_DIR/node$n.env"; set +a; cd "$HA_DIR/app" && exec dotnet Skillgate.dll --urls "http://127.0.0.1:808$n") \
       > "$HA_DIR/logs/app$n.log" 2>&1 &
    echo $! > "$HA_DIR/app$n.pid"
    # The first node applies the migrations; the second waits for it (advisory lock) either way.
    wait_for "app node $n" 120 curl -sf "http://127.0.0.1:808$n/health"
  done
  wait_for "the app through HAProxy" 30 curl -sf http://127.0.0.1:8080/health
  say "up: http://127.0.0.1:8080 (admin / $ADMIN_PW), HAProxy stats http://127.0.0.1:8404"
}

status() {
  runuser -u postgres -- patronictl -c "$HA_DIR/pg1.yml" list 2>/dev/null || true
  for n in 1 2; do printf 'app%s: ' $n; curl -s "http://127.0.0.1:808$n/health" | head -c 200; echo; done
}

kill_leader() {
  local rest pid pg name
  rest=$(leader_port) || { say "no leader"; return 1; }
  name=$([ "$rest" = 8008 ] && echo pg1 || echo pg2)
  pid=$(cat "$HA_DIR/$name.pid")
  pg=$(head -1 "$HA_DIR/$name/postmaster.pid" 2>/dev/null || true)
  # runuser's child is Patroni; kill the whole group of the leader: Patroni and its PostgreSQL, as a power cut would.
  pkill -9 -P "$pid" 2>/dev/null || true
  kill -9 "$pid" 2>/dev/null || true
  [ -n "$pg" ] && kill -9 "$pg" 2>/dev/null || true
  pkill -9 -f "$HA_DIR/$name " 2>/dev/null || true
  echo "$name"
}

down() {
  for n in 1 2; do [ -f "$HA_DIR/app$n.pid" ] && kill "$(cat "$HA_DIR/app$n.pid")" 2>/dev/null || true; done
  [ -f "$HA_DIR/haproxy.pid" ] && kill "$(cat "$HA_DIR/haproxy.pid")" 2>/dev/null || true
  for name in pg1 pg2; do [ -f "$HA_DIR/$name.pid" ] && pkill -TERM -P "$(cat "$HA_DIR/$name.pid")" 2>/dev/null || true; done
  sleep 3
  pkill -9 -f "patroni $HA_DIR" 2>/dev/null || true
  pkill -9 -f "$PG_BIN/postgres -D $HA_DIR" 2>/dev/null || true
  [ -f "$HA_DIR/etcd.pid" ] && kill "$(cat "$HA_DIR/etcd.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$HA_DIR"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  kill-leader) kill_leader ;;
  down) down ;;
  failover)
    up
    trap down EXIT
    dotnet run --project bench/Skillgate.Bench -c Release -- failover "http://127.0.0.1:8080" \
      "Host=127.0.0.1;Port=5000;Database=skillgate;Username=postgres;Password=$SUPER_PW;Timeout=3;Pooling=false" "bash $(realpath "$0") kill-leader"
    ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
