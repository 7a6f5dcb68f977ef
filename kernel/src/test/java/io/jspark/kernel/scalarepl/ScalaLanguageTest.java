package io.jspark.kernel.scalarepl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.jshell.JavaLanguage;
import org.junit.jupiter.api.Test;

/** Which cells start Spark first: those that name it, and in Scala those that need its implicits. */
class ScalaLanguageTest {
    private final ScalaLanguage scala = new ScalaLanguage();

    @Test
    void theSessionsImplicitsStartSparkInScala() {
        assertTrue(scala.usesSpark("Seq(1, 2).toDS().count()"));
        assertTrue(scala.usesSpark("val df = rows.toDF(\"a\")"));
        assertTrue(scala.usesSpark("frame.as[Point]"));
        assertTrue(scala.usesSpark("df.select($\"a\")"));
        assertTrue(scala.usesSpark("spark.range(3).count()"));
        assertFalse(scala.usesSpark("val s = \"call toDS() later\" // or .toDF()"));
        assertFalse(scala.usesSpark("val sparkle = 1"));
    }

    @Test
    void javaStartsSparkOnlyWhenACellNamesIt() {
        JavaLanguage java = new JavaLanguage();
        assertTrue(java.usesSpark("spark.range(3).count()"));
        assertFalse(java.usesSpark("list.toDS()"));
        assertFalse(java.usesSpark("int sc2 = 1;"));
    }
}
