#!/usr/bin/env bash
# A self-signed TLS certificate for a test or a first trial of the nginx set-up (deploy/nginx/).
# In production use a certificate from the municipality's own CA or another trusted issuer instead.
# Usage: deploy/make-self-signed-cert.sh <folder> [host name] [days]
#   writes <folder>/cert.pem and <folder>/key.pem, valid for the host name, localhost and 127.0.0.1.
set -euo pipefail
folder="${1:?Bruk: deploy/make-self-signed-cert.sh <mappe> [vertsnavn] [dager]}"
host="${2:-localhost}"
days="${3:-30}"
mkdir -p "$folder"
alt=",IP:127.0.0.1"; [ "$host" != localhost ] && alt=",DNS:localhost$alt"
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
  -keyout "$folder/key.pem" -out "$folder/cert.pem" \
  -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host${alt}" 2>/dev/null
chmod 644 "$folder/cert.pem"
echo "Selvsignert sertifikat for $host: $folder/cert.pem (nøkkel: $folder/key.pem), gyldig i $days dager."
