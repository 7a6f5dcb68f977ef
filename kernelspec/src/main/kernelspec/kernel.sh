# Starts a kernel's JVM: sh kernel.sh JVM_FLAGS... io.jspark.kernel.Main ARGS... CONNECTION_FILE,
# as kernel.json gives them; SPARK_HOME is this folder (a minimal one: jars/, RELEASE) unless set.
#
# Class data sharing: the JVM maps the classes a session loads (the kernel's, JShell's or Scala's
# compiler, Spark's) from an archive instead of reading and verifying them from the jars, which
# halves Spark's start. The archive is made once per JVM, kernelspec folder and arguments: when a
# kernel starts without one, a JVM at low priority runs a short session on its own loopback sockets
# beside it (Main with JSPARK_CDS_TRAINING=1) and archives what it loaded; later starts use it.
# It lives in ${XDG_CACHE_HOME:-~/.cache}/jspark/cds, beside the training's log. JSPARK_CDS=off: neither.
here=$(dirname "$0")
export SPARK_HOME="${SPARK_HOME:-$here}" SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
java=${JSPARK_JAVA:-java}
if [ -n "$JSPARK_CDS_ARCHIVE" ]; then
  # The training, started below. One at a time per archive; a half-written archive would crash the
  # JVM that maps it, so it is written aside, checked by a JVM that must map it, then moved in place.
  archive=$JSPARK_CDS_ARCHIVE
  unset JSPARK_CDS_ARCHIVE
  classpath=; previous=
  for a in "$@"; do [ "$previous" = -cp ] && classpath=$a; previous=$a; done
  flock -n 9 || exit 0
  [ -f "$archive" ] && exit 0
  exec >"$archive.log" 2>&1
  JSPARK_CDS_TRAINING=1 nice -n 19 "$java" -XX:ArchiveClassesAtExit="$archive.part" $JSPARK_JVM_OPTS "$@" &&
    "$java" -Xshare:on -XX:SharedArchiveFile="$archive.part" $JSPARK_JVM_OPTS -cp "$classpath" -version &&
    mv -f "$archive.part" "$archive"
  status=$?
  rm -f "$archive.part"
  exit $status
fi
cds=
if [ "${JSPARK_CDS:-on}" != off ] && command -v flock >/dev/null 2>&1; then
  javabin=$(readlink -f "$(command -v "$java")" 2>/dev/null)
  # Everything the archive depends on: the JVM (its build), the jars, the flags; not the connection file.
  key=$( {
    echo "$javabin"
    cat "${javabin%/bin/java}/release" 2>/dev/null
    ls -ln "$here/jars" 2>/dev/null
    echo "$JSPARK_JVM_OPTS"
    n=$#; i=0
    for a in "$@"; do i=$((i + 1)); [ "$i" -lt "$n" ] && echo "$a"; done
  } | cksum | cut -d' ' -f1)
  cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/jspark/cds"
  archive="$cache/$key.jsa"
  if [ -f "$archive" ]; then
    # A mismatch found by the JVM only turns sharing off; its warnings would go to stdout.
    cds="-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif [ -n "$javabin" ] && command -v setsid >/dev/null 2>&1 && (umask 077 && mkdir -p "$cache") 2>/dev/null; then
    # In a session of its own: Jupyter stops a kernel by signalling its process group.
    JSPARK_CDS_ARCHIVE=$archive setsid /bin/sh "$0" "$@" 9>"$archive.lock" >/dev/null 2>&1 </dev/null &
  fi
fi
exec "$java" $cds $JSPARK_JVM_OPTS "$@"
