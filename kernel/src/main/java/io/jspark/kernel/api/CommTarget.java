package io.jspark.kernel.api;

import java.util.Map;

/** Accepts comms that a frontend opens for one target name. */
@FunctionalInterface
public interface CommTarget {
    void opened(Comm comm, Map<String, Object> data);
}
