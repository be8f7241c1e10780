#!/bin/sh
# Applies CLI scripts to a WildFly that is not running, by way of an embedded server:
#   apply-offline.sh JBOSS_HOME watchword.cli [more.cli ...]
# Used by the Maven build for the test and run servers; an operator can use it the same
# way on a stopped production server (or `jboss-cli.sh -c --file=watchword.cli` on a
# running one, followed by `:reload`).
set -e
JBOSS_HOME=${1:?usage: apply-offline.sh JBOSS_HOME script.cli...}
shift
script=$(mktemp "${TMPDIR:-/tmp}/watchword-cli.XXXXXX")
trap 'rm -f "$script"' EXIT
echo "embed-server --std-out=discard --server-config=standalone.xml" > "$script"
for f in "$@"; do
  cat "$f" >> "$script"
  echo >> "$script"
done
echo "stop-embedded-server" >> "$script"
"$JBOSS_HOME/bin/jboss-cli.sh" --file="$script"
