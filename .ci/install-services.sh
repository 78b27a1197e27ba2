#!/usr/bin/env bash
# Installs what the service-backed checks need on a fresh Debian/Ubuntu machine, and nothing
# that is already there: PostgreSQL 15+, Redis, Java 17 and Maven, then the Kafka jars (from
# Maven Central, cached once per machine). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

have_postgres() {
  # Debian keeps server binaries out of PATH, under /usr/lib/postgresql/<major>/bin.
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ "${dir//[^0-9]/}" -ge 15 ] && return 0
  done
  command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1
}

packages=()
have_postgres || packages+=(postgresql)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)

if [ "${#packages[@]}" -gt 0 ]; then
  echo "install-services: installing ${packages[*]}"
  # The checks start their own throwaway servers: keep the packages from creating a default
  # Postgres cluster and from starting system-wide daemons on 5432/6379.
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/no-main-cluster.conf >/dev/null
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  # Slim Debian images lack this directory and the JRE's post-install step fails without it.
  $SUDO mkdir -p /usr/share/man/man1
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  if [ -n "$added_policy" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
fi

if [ ! -d node_modules ]; then pnpm install --frozen-lockfile; fi
pnpm exec tsx scripts/fetch-kafka.ts >/dev/null
echo "install-services: postgres, redis, java and the Kafka jars are ready"
