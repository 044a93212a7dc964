#!/usr/bin/env bash
# Make sure Postgres (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer: start them when they
# are installed but stopped. With CI=true a service that still does not answer fails the run.
set -u

pg_up() { python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", 5432)) == 0 else 1)
PY
}
redis_up() { python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
try:
    s.connect(("127.0.0.1", 6379)); s.sendall(b"PING\r\n"); ok = s.recv(16).startswith(b"+PONG")
except OSError:
    ok = False
sys.exit(0 if ok else 1)
PY
}

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "starting PostgreSQL" >&2
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  done
  for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
fi

if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "starting Redis" >&2
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >&2 || true
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi

missing=""
pg_up || missing="$missing PostgreSQL(127.0.0.1:5432)"
redis_up || missing="$missing Redis(127.0.0.1:6379)"
if [ -n "$missing" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true and not reachable:$missing — the suite must run against the real services." >&2
    exit 1
  fi
  echo "warning: not reachable:$missing — tests that need them will be skipped." >&2
fi
exit 0
