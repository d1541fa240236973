#!/bin/sh
# One-shot setup for docker-compose.yml: passwords, roles and users in Elasticsearch, nothing else
# (the service waits for this step; the dashboards are docker/kibana-setup.sh's, which nothing
# waits for). Idempotent: running it again sets the same passwords.
# Secrets come from the environment (.env) and are never printed.
set -eu

ES=${SETUP_ELASTICSEARCH_URL:-https://elasticsearch:9200}
# the CA of Elasticsearch's HTTP certificate, made by the certs service (docker/certs.sh)
CA=${SETUP_CA_CERT:-/usr/share/elasticsearch/config/certs/ca/ca.crt}
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
waited=0
until curl -fs -o /dev/null --cacert "$CA" -u "$AUTH" "$ES/_cluster/health?wait_for_status=yellow&timeout=5s"; do
  waited=$((waited + 2))
  if [ "$waited" -ge "${SETUP_WAIT_SECONDS:-300}" ]; then echo "setup: Elasticsearch did not answer within ${SETUP_WAIT_SECONDS:-300} s" >&2; exit 1; fi
  sleep 2
done

echo "setup: kibana_system password"
es POST /_security/user/kibana_system/_password "{\"password\":\"${KIBANA_PASSWORD}\"}"

# The service's own user: its templates, ILM policy and the audit indices, nothing else.
echo "setup: role and user ${AUDIT_ES_USERNAME} for the service"
es PUT /_security/role/audit_search '{
  "cluster": ["monitor", "manage_index_templates", "manage_ilm"],
  "indices": [{"names": ["audit-*"], "privileges": ["all"]}]
}'
es PUT "/_security/user/${AUDIT_ES_USERNAME}" "{\"password\":\"${AUDIT_ES_PASSWORD}\",\"roles\":[\"audit_search\"],\"full_name\":\"Audit Search service\"}"

echo "setup: done; the service can log in (the dashboards are imported by kibana-setup)"
