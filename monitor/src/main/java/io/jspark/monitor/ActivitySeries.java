package io.jspark.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Running tasks and cores over time, in bounded memory: points closer than the resolution replace
 * each other, and when the buffer fills every other point is dropped and the resolution doubles.
 * Amortised O(1) per update. Not thread-safe; the model's lock guards it.
 */
final class ActivitySeries {
    private final long[] times;
    private final int[] active;
    private final int[] cores;
    private int size;
    private long resolutionMs = 20;

    ActivitySeries(int capacity) {
        int even = Math.max(4, capacity + (capacity & 1));
        times = new long[even];
        active = new int[even];
        cores = new int[even];
    }

    void record(long time, int activeTasks, int totalCores) {
        if (size > 1 && time - times[size - 2] < resolutionMs) {
            // The last point always holds the newest values; the one before keeps the bucket's peak.
            active[size - 2] = Math.max(active[size - 2], active[size - 1]);
            cores[size - 2] = Math.max(cores[size - 2], cores[size - 1]);
            times[size - 1] = time;
            active[size - 1] = activeTasks;
            cores[size - 1] = totalCores;
            return;
        }
        if (size == times.length) {
            thin();
        }
        times[size] = time;
        active[size] = activeTasks;
        cores[size] = totalCores;
        size++;
    }

    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            // Keep the busier of each pair, so short peaks stay visible.
            int pick = i + 1 < size && active[i + 1] > active[i] ? i + 1 : i;
            times[kept] = times[pick];
            active[kept] = active[pick];
            cores[kept] = cores[pick];
            kept++;
        }
        Arrays.fill(times, kept, size, 0);
        size = kept;
        resolutionMs *= 2;
    }

    List<ActivityPoint> points() {
        List<ActivityPoint> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(new ActivityPoint(times[i], active[i], cores[i]));
        }
        return points;
    }
}
