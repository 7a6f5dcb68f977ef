package io.jspark.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {
    @Test
    void plainJavaIsOnePart() {
        List<CellPart> parts = CellParser.parse("int x = 1;\nx + 1");
        assertEquals(List.of(new CellPart.Code("int x = 1;\nx + 1\n")), parts);
    }

    @Test
    void aCellMagicOwnsTheWholeCell() {
        List<CellPart> parts = CellParser.parse("\n%%html  \n<b>hi</b>\n%not a magic here");
        assertEquals(List.of(new CellPart.CellMagicCall("html", "", "<b>hi</b>\n%not a magic here")), parts);
    }

    @Test
    void lineMagicsSplitJavaAndKeepCellLineNumbers() {
        List<CellPart> parts = CellParser.parse("%maven a:b:1  --repo  x\nint y = 2;\n%classpath\nint z = 3;");
        assertEquals(4, parts.size());
        assertEquals(new CellPart.LineMagicCall("maven", "a:b:1  --repo  x"), parts.get(0));
        CellPart.Code first = assertInstanceOf(CellPart.Code.class, parts.get(1));
        assertEquals("\nint y = 2;\n", first.code());
        assertEquals(new CellPart.LineMagicCall("classpath", ""), parts.get(2));
        CellPart.Code second = assertInstanceOf(CellPart.Code.class, parts.get(3));
        assertEquals("\n\n\nint z = 3;\n", second.code(), "int z = 3; stays on line 4 of the cell");
    }

    @Test
    void aRemainderOperatorStaysJava() {
        List<CellPart> parts = CellParser.parse("int r = 10\n    % 3;\n%3");
        assertEquals(1, parts.size());
        assertInstanceOf(CellPart.Code.class, parts.get(0));
    }

    @Test
    void wordsKeepQuotedArgumentsWhole() {
        assertEquals(List.of("a", "b c", "d e", "f"), Words.split(" a \"b c\" 'd e'  f "));
        assertEquals(List.of(), Words.split("   "));
    }
}
