#!/usr/bin/env bash
# Starts (or stops) the servers the fleet tests need: a throw-away PostgreSQL and Redis bound to 127.0.0.1 on free
# ports, with their data in a temporary folder. Source it, then:
#   fleet_servers_start   installs redis-server if missing (apt-get, as root), starts both, exports FLEET_* variables
#   fleet_servers_stop    stops both and removes the temporary folder (safe to call twice, or after a failed start)
# The tests read FLEET_PG_CONNECTION / FLEET_REDIS_CONNECTION, and FLEET_PG_STOP / FLEET_PG_START /
# FLEET_REDIS_STOP / FLEET_REDIS_START (shell commands) to take a server down in the middle of a test.
# Without these variables the fleet tests are skipped with a message.

fleet_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

fleet_servers_start() {
  local pg_bin
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "fleet: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"; return 1
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "fleet: installing redis-server"
    if [ "$(id -u)" -eq 0 ]; then
      local apt_log
      apt_log=$(mktemp /tmp/fleet-apt.XXXXXX.log)
      if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >"$apt_log" 2>&1; then
        echo "fleet: apt-get install redis-server failed:"; cat "$apt_log"; rm -f "$apt_log"; return 1
      fi
      rm -f "$apt_log"
    else
      echo "fleet: redis-server is missing and this is not root"; return 1
    fi
  fi

  FLEET_DIR=$(mktemp -d /tmp/fleet-servers.XXXXXX)
  chmod 755 "$FLEET_DIR"
  export FLEET_DIR
  local pg_port redis_port run_as=()
  pg_port=$(fleet_free_port); redis_port=$(fleet_free_port)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "fleet: user postgres missing"; return 1; }
    chown postgres "$FLEET_DIR"; run_as=(runuser -u postgres --)
  fi

  "${run_as[@]}" "$pg_bin/initdb" -D "$FLEET_DIR/pg" -A trust -U postgres >"$FLEET_DIR/initdb.log" 2>&1 \
    || { echo "fleet: initdb failed"; cat "$FLEET_DIR/initdb.log"; return 1; }
  local pg_opts="-p $pg_port -k $FLEET_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
  FLEET_PG_START="${run_as[*]} $pg_bin/pg_ctl -D $FLEET_DIR/pg -l $FLEET_DIR/pg.log -o '$pg_opts' -w start >/dev/null"
  FLEET_PG_STOP="${run_as[*]} $pg_bin/pg_ctl -D $FLEET_DIR/pg -m fast -w stop >/dev/null"
  bash -c "$FLEET_PG_START" || { echo "fleet: PostgreSQL did not start"; cat "$FLEET_DIR/pg.log"; return 1; }
  export FLEET_PG_START FLEET_PG_STOP
  export FLEET_PG_CONNECTION="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Timeout=5;Command Timeout=15;SSL Mode=Disable"

  FLEET_REDIS_START="redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile $FLEET_DIR/redis.pid --logfile $FLEET_DIR/redis.log --dir $FLEET_DIR"
  FLEET_REDIS_STOP="redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1; for i in \$(seq 50); do redis-cli -p $redis_port ping >/dev/null 2>&1 || break; sleep 0.1; done"
  bash -c "$FLEET_REDIS_START" || { echo "fleet: Redis did not start"; return 1; }
  local i
  for i in $(seq 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG \
    || { echo "fleet: Redis did not answer PING on 127.0.0.1:$redis_port"; cat "$FLEET_DIR/redis.log" 2>/dev/null; return 1; }
  export FLEET_REDIS_START FLEET_REDIS_STOP
  export FLEET_REDIS_CONNECTION="127.0.0.1:$redis_port"
  echo "fleet: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
}

fleet_servers_stop() {
  [ -n "${FLEET_DIR:-}" ] && [ -d "$FLEET_DIR" ] || return 0
  # SampleApi processes the fleet tests started (they append their PIDs here) and did not stop: a failed start or a
  # crashed test host. Only PIDs that still run SampleApi are killed, so a reused PID is left alone.
  local pid
  if [ -f "$FLEET_DIR/sample.pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && grep -q SampleApi "/proc/$pid/cmdline" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done <"$FLEET_DIR/sample.pids"
  fi
  [ -n "${FLEET_REDIS_STOP:-}" ] && bash -c "$FLEET_REDIS_STOP" || true
  [ -f "$FLEET_DIR/redis.pid" ] && kill "$(cat "$FLEET_DIR/redis.pid")" 2>/dev/null || true
  if [ -f "$FLEET_DIR/pg/postmaster.pid" ]; then
    [ -n "${FLEET_PG_STOP:-}" ] && bash -c "$FLEET_PG_STOP" || true
    if [ -f "$FLEET_DIR/pg/postmaster.pid" ]; then
      # A fast stop failed: never delete the data of a live cluster. Immediate stop, then the postmaster itself.
      [ -n "${FLEET_PG_STOP:-}" ] && bash -c "${FLEET_PG_STOP/-m fast/-m immediate}" || true
      pid=$(head -n 1 "$FLEET_DIR/pg/postmaster.pid" 2>/dev/null)
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        echo "fleet: PostgreSQL (pid $pid) would not stop; leaving $FLEET_DIR in place"; return 1
      fi
    fi
  fi
  rm -rf "$FLEET_DIR"
  unset FLEET_DIR
}
