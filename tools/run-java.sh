#!/usr/bin/env bash
# Shared by ./compare, ./benchmark, ./topics and ./demo: builds the modules when a source or POM is newer than the
# last build (or the agents' jar is missing), then runs a main class of the comparison module.
# usage: tools/run-java.sh <MainClass> [args...]   (from the repository root; a name under dev. is taken as it is,
# any other is under dev.agentsociety.comparison, e.g. cli.Compare)
set -euo pipefail
main=$1
shift
stamp=comparison/target/.built
if [ ! -f "$stamp" ] || [ ! -f agents/target/agents-exec.jar ] \
    || [ -n "$(find . -path '*/src/main/*' -newer "$stamp" -print -quit)" ] \
    || [ -n "$(find . -maxdepth 2 -name pom.xml -newer "$stamp" -print -quit)" ]; then
  echo "building (./mvnw package -DskipTests) ..." >&2
  ./mvnw -q -B -DskipTests package
  touch "$stamp"
fi
exec java -Dlogback.configurationFile=demo-logback.xml -Dagentsociety.repo="$PWD" \
  -cp "comparison/target/classes:$(cat comparison/target/classpath.txt)" \
  "$([[ $main == dev.* ]] && echo "$main" || echo "dev.agentsociety.comparison.$main")" "$@"
