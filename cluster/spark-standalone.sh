#!/usr/bin/env bash
# A Spark standalone cluster on loopback from the jars of this build, with no Spark distribution:
# one master and N workers, each its own JVM; workers launch executors as further JVMs. Every port
# they open, web UIs included, listens on 127.0.0.1 only.
#
#   cluster/spark-standalone.sh start [WORKERS]   prints the master URL (spark://127.0.0.1:PORT)
#   cluster/spark-standalone.sh stop              stops the master, the workers and their executors
#   cluster/spark-standalone.sh status            prints the master URL and the alive workers
#
# Settings: JSPARK_CLUSTER_DIR (state, logs and work folders; default target/standalone-cluster),
# JSPARK_CLUSTER_SPARK_HOME (the SPARK_HOME of master, workers and executors; default the kernelspec),
# WORKER_CORES (default 1), WORKER_MEMORY (default 1g). Needs `mvn -DskipTests package` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${JSPARK_CLUSTER_DIR:-$root/target/standalone-cluster}"
# The assembled kernelspec is a minimal SPARK_HOME: jars/, and RELEASE, which tells Spark's launcher to
# take the jars for executors from jars/ rather than from a source build's assembly folder.
home="${JSPARK_CLUSTER_SPARK_HOME:-$root/kernelspec/target/spark-java}"
lib="$home/jars"
cores="${WORKER_CORES:-1}"
memory="${WORKER_MEMORY:-1g}"

# The JVM flags Spark 3.5 needs on Java 17, as kernel.json passes them.
mapfile -t flags < <(/usr/bin/python3 -c '
import json, sys
argv = json.load(open(sys.argv[1]))["argv"]
print("\n".join(a for a in argv if a.startswith("--add-opens") or a.startswith("-D") or a.startswith("-XX")))' \
  "$root/kernelspec/src/main/kernelspec/kernel.json")

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

alive_workers() {
  curl -s "http://127.0.0.1:$(cat "$dir/master.webui")/json/" 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; print(len([w for w in json.load(sys.stdin).get("workers", []) if w.get("state") == "ALIVE"]))' 2>/dev/null || echo 0
}

start() {
  local workers="${1:-2}"
  [ -f "$home/RELEASE" ] && [ -d "$lib" ] || { echo "no kernelspec in $home: run mvn -DskipTests package first" >&2; exit 1; }
  if [ -f "$dir/master.pid" ] && kill -0 "$(cat "$dir/master.pid")" 2>/dev/null; then
    echo "a cluster is already running: $(cat "$dir/master.url")" >&2; exit 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  local port webui
  port=$(free_port); webui=$(free_port)
  echo "$webui" > "$dir/master.webui"
  echo "spark://127.0.0.1:$port" > "$dir/master.url"
  # --host binds the RPC ports of master and workers (and the workers' executors) to loopback; their web UIs
  # bind to SPARK_LOCAL_IP, else to all interfaces.
  SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 nohup java "${flags[@]}" -Xmx512m -cp "$lib/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$webui" > "$dir/master.log" 2>&1 &
  echo $! > "$dir/master.pid"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/worker-$i"
    # SPARK_SCALA_VERSION is what a distribution's load-spark-env.sh would export; the launcher needs it.
    # Executors' scratch space (SPARK_LOCAL_DIRS) stays in the cluster's folder, also when stop kills them.
    mkdir -p "$dir/worker-$i/local"
    SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$dir/worker-$i/local" nohup java "${flags[@]}" -Xmx256m -cp "$lib/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/worker-$i" --webui-port 0 "spark://127.0.0.1:$port" > "$dir/worker-$i.log" 2>&1 &
    echo $! > "$dir/worker-$i.pid"
  done
  for _ in $(seq 1 120); do
    [ "$(alive_workers)" -ge "$workers" ] && { cat "$dir/master.url"; return 0; }
    sleep 0.5
  done
  echo "the cluster did not come up; logs in $dir" >&2
  stop; exit 1
}

stop() {
  [ -d "$dir" ] || return 0
  # Executors are children of the workers: note them before the workers go and they lose their parent.
  local executors=()
  for pidfile in "$dir"/worker-*.pid; do
    [ -f "$pidfile" ] && mapfile -t -O "${#executors[@]}" executors < <(pgrep -P "$(cat "$pidfile")" || true)
  done
  for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pid in "${executors[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
  for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) [ -f "$dir/master.url" ] && echo "$(cat "$dir/master.url") with $(alive_workers) alive workers" || echo "not running" ;;
  *) echo "usage: $0 start [WORKERS] | stop | status" >&2; exit 2 ;;
esac
