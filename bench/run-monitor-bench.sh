#!/usr/bin/env bash
# Runs the monitor benchmarks of the bench module with the JVM flags the kernel itself uses.
# Usage: bench/run-monitor-bench.sh [listener|overhead|render|all]   (after mvn -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
# The --add-opens flags Spark needs on Java 17, exactly as kernel.json passes them.
mapfile -t flags < <(/usr/bin/python3 -c '
import json, sys
argv = json.load(open("kernelspec/src/main/kernelspec/kernel.json"))["argv"]
print("\n".join(a for a in argv if a.startswith("--add-opens") or a.startswith("-D") or a.startswith("-XX")))')
what="${1:-all}"
if [ "$what" = listener ] || [ "$what" = all ]; then
  java -Xmx1g "${flags[@]}" -cp "$cp" io.jspark.bench.ListenerBench 5
fi
if [ "$what" = render ] || [ "$what" = all ]; then
  java -Xmx1g "${flags[@]}" -cp "$cp" io.jspark.bench.RenderBench 30
fi
if [ "$what" = overhead ] || [ "$what" = all ]; then
  java -Xmx2g "${flags[@]}" -Dlog4j2.configurationFile=classpath:jspark-log4j2.properties -cp "$cp:kernel/target/classes" io.jspark.bench.OverheadBench 9
fi
