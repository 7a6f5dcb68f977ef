package io.jspark.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivitySeriesTest {
    private static final long APART = 1L << 40;

    private static int max(List<ActivityPoint> points) {
        return points.stream().mapToInt(ActivityPoint::activeTasks).max().orElse(-1);
    }

    @Test
    void staysWithinItsCapacity() {
        ActivitySeries series = new ActivitySeries(16);
        for (int i = 0; i < 10_000; i++) {
            series.record(i * APART, i % 5, 8);
            assertTrue(series.points().size() <= 16);
        }
        List<ActivityPoint> points = series.points();
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).time() > points.get(i - 1).time(), "time order: " + points);
        }
    }

    /** Points so far apart that they never fall within the resolution: only thinning decides what stays. */
    @Test
    void thinningKeepsAPeakWhereverItIs() {
        long apart = 1L << 48;
        for (int peakAt = 0; peakAt < 300; peakAt++) {
            ActivitySeries series = new ActivitySeries(16);
            for (int i = 0; i < 300; i++) {
                series.record(i * apart, i == peakAt ? 50 : 1 + (i % 3), 8);
            }
            List<ActivityPoint> points = series.points();
            assertTrue(points.size() <= 16);
            long peakTime = peakAt * apart;
            assertTrue(points.stream().anyMatch(p -> p.activeTasks() == 50 && p.time() == peakTime),
                    "peak at point " + peakAt + " lost: " + points);
        }
    }

    /**
     * A long series of evenly spaced events (one a second for 5,000 s) in 100 points: a brief peak,
     * wherever it falls, stays visible, as the thinning intends.
     */
    @Test
    void aPeakStaysVisibleInALongSeries() {
        List<Integer> lost = new java.util.ArrayList<>();
        for (int peakAt = 100; peakAt < 5000; peakAt += 97) {
            ActivitySeries series = new ActivitySeries(100);
            for (int i = 0; i < 5000; i++) {
                series.record(i * 1000L, i == peakAt ? 50 : 1 + (i % 3), 8);
            }
            assertTrue(series.points().size() <= 100);
            if (max(series.points()) != 50) {
                lost.add(peakAt);
            }
        }
        assertTrue(lost.isEmpty(), "peak lost when it was at these seconds: " + lost);
    }

    @Test
    void thinningKeepsTheBusierOfNeighbours() {
        ActivitySeries series = new ActivitySeries(4);
        series.record(0, 1, 4);
        series.record(APART, 3, 4);
        series.record(2 * APART, 2, 4);
        series.record(3 * APART, 0, 4);
        series.record(4 * APART, 1, 4);
        List<ActivityPoint> points = series.points();
        assertEquals(List.of(new ActivityPoint(APART, 3, 4), new ActivityPoint(2 * APART, 2, 4),
                new ActivityPoint(4 * APART, 1, 4)), points);
    }

    @Test
    void pointsCloserThanTheResolutionCoalesceKeepingTheBucketPeakAndTheNewestValue() {
        ActivitySeries series = new ActivitySeries(16);
        series.record(0, 0, 4);
        series.record(5, 3, 4);
        series.record(10, 1, 4);
        series.record(15, 0, 4);
        assertEquals(List.of(new ActivityPoint(0, 3, 4), new ActivityPoint(15, 0, 4)), series.points());
        series.record(100, 0, 4);
        assertEquals(3, series.points().size());
    }

    @Test
    void oddOrTinyCapacitiesStillBound() {
        for (int capacity : new int[] {0, 1, 3, 5, 7}) {
            ActivitySeries series = new ActivitySeries(capacity);
            for (int i = 0; i < 1000; i++) {
                series.record(i * APART, i, 1);
            }
            int bound = Math.max(4, capacity + (capacity & 1));
            assertTrue(series.points().size() <= bound, capacity + ": " + series.points().size());
            assertEquals(999, max(series.points()), "the last, busiest point stays");
        }
    }
}
