#!/bin/sh
# One-shot for docker-compose.yml: imports the Kibana dashboards once Kibana is up. Nothing waits
# for this step, so a Kibana that never comes up, or an import that fails, costs the dashboards
# only: the service ingests regardless. Idempotent: importing again overwrites the same objects.
# Secrets come from the environment (.env) and are never printed.
set -eu

KIBANA=${SETUP_KIBANA_URL:-http://kibana:5601}
DASHBOARDS=${SETUP_DASHBOARDS:-/dashboards}
# how long to wait for Kibana before giving up (its own healthcheck allows 60 s + 60 x 10 s)
WAIT_SECONDS=${KIBANA_WAIT_SECONDS:-900}
AUTH="elastic:${ELASTIC_PASSWORD}"

# Kibana is up when its healthcheck passes (the root answers with a redirect) and its status API
# answers 200 (503 while its plugins start).
kibana_ready() {
  curl -s -I "$KIBANA" | grep -q 'HTTP/1.1 302 Found' && curl -fs -o /dev/null -u "$AUTH" "$KIBANA/api/status"
}

echo "kibana-setup: waiting for Kibana (at most $WAIT_SECONDS s)"
started=$(date +%s)
while ! kibana_ready; do
  if [ $(($(date +%s) - started)) -ge "$WAIT_SECONDS" ]; then
    echo "kibana-setup: Kibana was not ready within $WAIT_SECONDS s; dashboards not imported (the service is not affected)" >&2
    exit 1
  fi
  sleep 5
done

# Import one NDJSON file; retried for two minutes, as plugins may still be settling after the
# status turns green
import_file() {
  tries=0
  while :; do
    answer=$(curl -s -u "$AUTH" -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" \
                  -H 'kbn-xsrf: true' --form "file=@$1") || answer="no answer"
    case "$answer" in *'"success":true'*) break ;; esac
    tries=$((tries + 1))
    if [ "$tries" -ge 24 ]; then echo "kibana-setup: importing $1 failed: $answer" >&2; exit 1; fi
    sleep 5
  done
  echo "kibana-setup: imported $(basename "$1")"
}

# The data view first: the dashboards refer to it.
import_file "$DASHBOARDS/audit-events-data-view.ndjson"
for file in "$DASHBOARDS"/*.ndjson; do
  [ "$file" = "$DASHBOARDS/audit-events-data-view.ndjson" ] || import_file "$file"
done
echo "kibana-setup: done. Kibana: http://localhost:5601 (user elastic)"
