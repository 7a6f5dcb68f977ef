package io.jspark.kernel.server;

/** The kernel's request channels; iopub and heartbeat carry no requests. */
public enum Channel {
    SHELL, CONTROL
}
