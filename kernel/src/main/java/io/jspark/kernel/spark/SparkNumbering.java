package io.jspark.kernel.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.DAGScheduler;

/**
 * The counters a SparkContext numbers its jobs and stages with. Spark starts them at 0 in every
 * context, but the monitor knows jobs and stages by number for the kernel's whole life: a session
 * that replaces a stopped one goes on from where that one ended, so that its jobs are not taken for
 * the old ones. Spark keeps the counters package-private; where this Spark lacks them, a new session
 * numbers from 0 and the monitor may miss its first jobs.
 */
final class SparkNumbering {
    private static final System.Logger LOG = System.getLogger(SparkNumbering.class.getName());

    /** Null where this Spark has no such counters. */
    private final AtomicInteger jobs;
    private final AtomicInteger stages;

    private SparkNumbering(AtomicInteger jobs, AtomicInteger stages) {
        this.jobs = jobs;
        this.stages = stages;
    }

    /** The counters of a running context; they stay readable after it stops. */
    static SparkNumbering of(SparkContext context) {
        try {
            DAGScheduler scheduler = context.dagScheduler();
            java.lang.reflect.Field stageIds = DAGScheduler.class.getDeclaredField("nextStageId");
            stageIds.setAccessible(true);
            return new SparkNumbering(scheduler.nextJobId(), (AtomicInteger) stageIds.get(scheduler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read how Spark numbers its jobs; after a restart the monitor may miss jobs", e);
            return new SparkNumbering(null, null);
        }
    }

    /** Called before the context runs any job. */
    void continueFrom(SparkNumbering previous) {
        if (jobs == null || previous.jobs == null) {
            return;
        }
        jobs.accumulateAndGet(previous.jobs.get(), Math::max);
        stages.accumulateAndGet(previous.stages.get(), Math::max);
    }
}
