/**
 * Code that runs on Spark executors in JVMs other than the kernel's. It depends on Spark and the JDK
 * only, because a cluster whose executors lack the kernel's jar gets these classes from the folder of
 * notebook classes that Spark serves ({@code spark.repl.class.outputDir}).
 */
package io.jspark.kernel.spark.executor;
