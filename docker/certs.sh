#!/bin/sh
# One-shot certificates for docker-compose.yml (the `certs` service, run as root in the
# Elasticsearch image): a CA and the certificate of the `elasticsearch` node (SAN elasticsearch,
# localhost, 127.0.0.1), made with bin/elasticsearch-certutil into the `certs` volume, as in
# Elastic's "Start a multi-node cluster with Docker Compose" example. Idempotent: only what is
# missing is created, so the CA the service and Kibana trust stays the same across restarts.
#
# Layout and permissions in the volume (root:root):
#   ca/ca.crt                           0644 read by everyone: the service runs as uid 10001
#   ca/ca.key                           0600 only this step needs it, to sign
#   elasticsearch/elasticsearch.crt|key 0640 Elasticsearch and Kibana run as uid 1000, gid 0
set -eu

CERTS=${CERTS_DIR:-/usr/share/elasticsearch/config/certs}
CERTUTIL=${CERTUTIL:-/usr/share/elasticsearch/bin/elasticsearch-certutil}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -s "$CERTS/ca/ca.crt" ] || [ ! -s "$CERTS/ca/ca.key" ]; then
  echo "certs: creating the CA"
  # a new CA: a node certificate signed by an earlier one would no longer be trusted
  rm -rf "$CERTS/ca" "$CERTS/elasticsearch"
  "$CERTUTIL" ca --silent --pem --out "$WORK/ca.zip"
  unzip -q "$WORK/ca.zip" -d "$CERTS"
fi

if [ ! -s "$CERTS/elasticsearch/elasticsearch.crt" ] || [ ! -s "$CERTS/elasticsearch/elasticsearch.key" ]; then
  echo "certs: creating the certificate of elasticsearch"
  rm -rf "$CERTS/elasticsearch"
  "$CERTUTIL" cert --silent --pem --out "$WORK/elasticsearch.zip" \
    --ca-cert "$CERTS/ca/ca.crt" --ca-key "$CERTS/ca/ca.key" \
    --name elasticsearch --dns elasticsearch,localhost --ip 127.0.0.1
  unzip -q "$WORK/elasticsearch.zip" -d "$CERTS"
fi

chown -R root:root "$CERTS"
chmod 0755 "$CERTS" "$CERTS/ca"
chmod 0644 "$CERTS/ca/ca.crt"
chmod 0600 "$CERTS/ca/ca.key"
chmod 0750 "$CERTS/elasticsearch"
chmod 0640 "$CERTS/elasticsearch/elasticsearch.crt" "$CERTS/elasticsearch/elasticsearch.key"
echo "certs: done (CA: $CERTS/ca/ca.crt)"
