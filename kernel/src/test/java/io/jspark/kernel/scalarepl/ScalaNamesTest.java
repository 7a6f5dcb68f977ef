package io.jspark.kernel.scalarepl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Cells' classes read by the names users gave them, and what a serialization stack says about a cell's value. */
class ScalaNamesTest {
    private static final String STACK = String.join("\n",
            "java.lang.Object",
            "Serialization stack:",
            "\t- object not serializable (class: java.lang.Object, value: java.lang.Object@53f33e84)",
            "\t- field (class: $line11.$read$$iw$$iw, name: lock, type: class java.lang.Object)",
            "\t- object (class $line11.$read$$iw$$iw, $line11.$read$$iw$$iw@4b4e3a3a)",
            "\t- field (class: $line11.$read, name: $iw, type: class $line11.$read$$iw)",
            "\t- field (class: $line12.$read$$iw$$iw, name: $line11$read, type: class $line11.$read)",
            "\t- field (class: $line12.$read$$iw$$iw$$iw, name: $outer, type: class $line12.$read$$iw$$iw)");

    @Test
    void wrappersAreLeftOutOfClassNames() {
        assertEquals("Holder@7ae617b2", ScalaNames.unmangle("$line13.$read$$iw$$iw$$iw$Holder@7ae617b2"));
        assertEquals("Point(1,2) and Tagger", ScalaNames.unmangle("Point(1,2) and $line4.$read$$iw$Tagger"));
        assertEquals("no wrappers here", ScalaNames.unmangle("no wrappers here"));
    }

    @Test
    void aNotSerializableValueIsNamedWithItsCell() {
        ScalaCodeNames names = new ScalaCodeNames("$line");
        names.record(new ReplLines("$line11", new int[0]), "cell [3]");
        SparkException failure = new SparkException("Task not serializable", new NotSerializableException(STACK));
        String told = UnserializableValue.explain(failure, names).orElseThrow();
        assertTrue(told.startsWith("the notebook value 'lock' (cell [3]) is a java.lang.Object, which cannot be serialized"), told);
        assertTrue(told.contains("@transient val lock = ..."), told);
    }

    @Test
    void aValueHoldingWhatCannotBeSerializedIsNamedNotTheFieldOfItsClass() {
        String stack = String.join("\n", "Serialization stack:",
                "\t- object not serializable (class: java.lang.Object, value: java.lang.Object@1)",
                "\t- field (class: $line5.$read$$iw$Wrap, name: o, type: class java.lang.Object)",
                "\t- object (class $line5.$read$$iw$Wrap, Wrap(java.lang.Object@1))",
                "\t- field (class: $line5.$read$$iw, name: $iw, type: class $line5.$read$$iw$$iw)",
                "\t- field (class: $line5.$read$$iw, name: w, type: class $line5.$read$$iw$Wrap)");
        ScalaCodeNames names = new ScalaCodeNames("$line");
        names.record(new ReplLines("$line5", new int[0]), "cell [2]");
        String told = UnserializableValue.explain(new NotSerializableException(stack), names).orElseThrow();
        assertTrue(told.startsWith("the notebook value 'w' (cell [2]) (Wrap) holds a java.lang.Object, which cannot be serialized"), told);
    }

    @Test
    void withoutACellsValueTheClassIsNamed() {
        String stack = "Serialization stack:\n\t- object not serializable (class: $line5.$read$$iw$Conn, value: x)\n"
                + "\t- field (class: scala.Some, name: value, type: class java.lang.Object)";
        String told = UnserializableValue.explain(new NotSerializableException(stack), new ScalaCodeNames("$line")).orElseThrow();
        assertTrue(told.startsWith("a Conn, which cannot be serialized"), told);
        assertTrue(UnserializableValue.explain(new NotSerializableException("plain"), new ScalaCodeNames("$line")).isEmpty());
    }
}
