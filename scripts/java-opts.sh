# Sourced by ./continuum: the JVM flags a continuum command runs with. CONTINUUM_JAVA_OPTS, when set,
# replaces them (an empty value runs with none). Print them with: . scripts/java-opts.sh; continuum_java_opts agent

# JIT settings for the WebAssembly engine (docs/architecture/wasm.md, "Speed"): inline its memory
# accessors into large generated methods, compile methods past 8,000 bytes of bytecode (libc's
# printf and malloc), and inline a recursive guest function into itself three levels deep.
CONTINUUM_JIT_OPTS="-XX:-ClipInlining -XX:MaxTrivialSize=60 -XX:-DontCompileHugeMethods -XX:MaxRecursiveInlineLevel=3"

# A node agent idles most of its life (docs/architecture/agent.md, "Memory"): a serial collector and a
# heap that starts small and gives memory back, compact object headers, glibc's free memory returned
# every 5 s, and compilation only of code that runs often (ten times the usual thresholds: startup code
# is left interpreted).
CONTINUUM_AGENT_OPTS="-XX:+UseSerialGC -Xms4m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000"
CONTINUUM_STANDARD_NODE_OPTS="-XX:CompileThresholdScaling=10"

# On a small node, the client compiler alone (no profiling, no second compilation) at thirty times the
# usual thresholds: the agent's code and its modules warm up later and run slower once warm, and it
# holds about 5 MB less.
CONTINUUM_SMALL_NODE_OPTS="-XX:CompileThresholdScaling=30 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"

# small when CONTINUUM_AGENT_PROFILE says so, or on a machine with 4 GiB of memory or less; else standard
continuum_agent_profile() {
  case "${CONTINUUM_AGENT_PROFILE:-}" in
    small|standard) echo "$CONTINUUM_AGENT_PROFILE"; return ;;
    "") ;;
    *) echo "continuum: CONTINUUM_AGENT_PROFILE=$CONTINUUM_AGENT_PROFILE is not a profile (small or standard);" \
         "choosing by this machine's memory" >&2 ;;
  esac
  local kb
  kb=$(awk '/^MemTotal:/ {print $2; exit}' /proc/meminfo 2>/dev/null || true)
  if [ -n "$kb" ] && [ "$kb" -le $((4 * 1024 * 1024)) ]; then echo small; else echo standard; fi
}

continuum_java_opts() { # $1: the command (agent, up, server, ...); prints the JVM flags for it
  if [ "${CONTINUUM_JAVA_OPTS+set}" = set ]; then
    echo "$CONTINUUM_JAVA_OPTS"
    return
  fi
  if [ "${1:-}" = agent ]; then
    if [ "$(continuum_agent_profile)" = small ]; then
      echo "$CONTINUUM_AGENT_OPTS $CONTINUUM_SMALL_NODE_OPTS $CONTINUUM_JIT_OPTS"
    else
      echo "$CONTINUUM_AGENT_OPTS $CONTINUUM_STANDARD_NODE_OPTS $CONTINUUM_JIT_OPTS"
    fi
  else
    echo "$CONTINUUM_JIT_OPTS"
  fi
}
