#!/bin/sh
# One-shot setup for docker-compose.yml: passwords and users in Elasticsearch, then the Kibana
# dashboards. Idempotent: running it again sets the same passwords and overwrites the dashboards.
# Secrets come from the environment (.env) and are never printed.
set -eu

ES=${SETUP_ELASTICSEARCH_URL:-https://elasticsearch:9200}
# the CA of Elasticsearch's HTTP certificate, made by the certs service (docker/certs.sh)
CA=${SETUP_CA_CERT:-/usr/share/elasticsearch/config/certs/ca/ca.crt}
KIBANA=${SETUP_KIBANA_URL:-http://kibana:5601}
DASHBOARDS=${SETUP_DASHBOARDS:-/dashboards}
AUTH="elastic:${ELASTIC_PASSWORD}"

# POST/PUT a JSON body to Elasticsearch; fails (without echoing the body) on a non-2xx answer
es() {
  code=$(curl -s -o /tmp/es-answer -w '%{http_code}' --cacert "$CA" -u "$AUTH" -X "$1" "$ES$2" \
         -H 'content-type: application/json' -d "$3")
  case "$code" in
    2??) ;;
    *) echo "setup: $1 $2 answered $code: $(cat /tmp/es-answer)" >&2; exit 1 ;;
  esac
}

echo "setup: waiting for Elasticsearch"
until curl -fs -o /dev/null --cacert "$CA" -u "$AUTH" "$ES/_cluster/health?wait_for_status=yellow&timeout=5s"; do sleep 2; done

echo "setup: kibana_system password"
es POST /_security/user/kibana_system/_password "{\"password\":\"${KIBANA_PASSWORD}\"}"

# The service's own user: its templates, ILM policy and the audit indices, nothing else.
echo "setup: role and user ${AUDIT_ES_USERNAME} for the service"
es PUT /_security/role/audit_search '{
  "cluster": ["monitor", "manage_index_templates", "manage_ilm"],
  "indices": [{"names": ["audit-*"], "privileges": ["all"]}]
}'
es PUT "/_security/user/${AUDIT_ES_USERNAME}" "{\"password\":\"${AUDIT_ES_PASSWORD}\",\"roles\":[\"audit_search\"],\"full_name\":\"Audit Search service\"}"

echo "setup: waiting for Kibana"
# /api/status answers 200 once Kibana is available (503 while it starts)
until curl -fs -o /dev/null -u "$AUTH" "$KIBANA/api/status"; do sleep 5; done

# Import one NDJSON file; retried for two minutes, as plugins may still be settling after the
# status turns green
import_file() {
  tries=0
  while :; do
    answer=$(curl -s -u "$AUTH" -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" \
                  -H 'kbn-xsrf: true' --form "file=@$1") || answer="no answer"
    case "$answer" in *'"success":true'*) break ;; esac
    tries=$((tries + 1))
    if [ "$tries" -ge 24 ]; then echo "setup: importing $1 failed: $answer" >&2; exit 1; fi
    sleep 5
  done
  echo "setup: imported $(basename "$1")"
}

# The data view first: the dashboards refer to it.
import_file "$DASHBOARDS/audit-events-data-view.ndjson"
for file in "$DASHBOARDS"/*.ndjson; do
  [ "$file" = "$DASHBOARDS/audit-events-data-view.ndjson" ] || import_file "$file"
done
echo "setup: done. Kibana: http://localhost:5601 (user elastic), service: http://localhost:8080"
