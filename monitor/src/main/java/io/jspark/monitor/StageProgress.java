package io.jspark.monitor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Partitions completed by any attempt of a stage, shared by the jobs that contain it; used only under the model's lock. */
final class StageProgress {
    final BitSet completed = new BitSet();
    final List<Integer> jobIds = new ArrayList<>(1);
}
