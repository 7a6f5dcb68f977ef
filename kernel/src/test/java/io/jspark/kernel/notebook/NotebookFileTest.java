package io.jspark.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookFileTest {
    @Test
    void linesSplitAsPythonSplitlinesKeepsEnds() {
        assertEquals("[\"a\\n\",\"b\\r\\n\",\"c\\r\",\"d\"]", NotebookFile.lines("a\nb\r\nc\rd").toString());
        assertEquals("[]", NotebookFile.lines("").toString());
    }

    @Test
    void floatsAsPythonWritesThem() {
        assertEquals("12345678.9", PythonJson.pythonFloat(12345678.9));
        assertEquals("1e-05", PythonJson.pythonFloat(1e-5));
        assertEquals("0.0001", PythonJson.pythonFloat(1e-4));
        assertEquals("1e+16", PythonJson.pythonFloat(1e16));
        assertEquals("-1.5e+300", PythonJson.pythonFloat(-1.5e300));
        assertEquals("123.0", PythonJson.pythonFloat(123.0));
        assertEquals("0.5", PythonJson.pythonFloat(0.5));
    }

    @Test
    void anInPlaceWriteKeepsTheFilesRightsAndItsLink(@TempDir Path dir) throws Exception {
        ObjectNode nb = Json.object().put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata").put("signature", "sha256:x").put("orig_nbformat", 3);
        nb.putArray("cells").addObject().put("cell_type", "markdown").put("source", "# x").putObject("metadata").put("trusted", true);
        Path real = dir.resolve("real.ipynb");
        Files.writeString(real, "{}");
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link.ipynb"), real);
        NotebookFile.write(nb, link);
        assertEquals(true, Files.isSymbolicLink(link));
        assertEquals("rw-rw-r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        String written = Files.readString(real);
        // What nbformat's strip_transient leaves out of files.
        assertEquals(false, written.contains("signature") || written.contains("orig_nbformat") || written.contains("trusted"), written);
    }

    @Test
    void writesAsNbformatAndReadsBack(@TempDir Path dir) throws Exception {
        ObjectNode nb = Json.object().put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata");
        ObjectNode cell = nb.putArray("cells").addObject().put("cell_type", "code").put("source", "x\ny").putNull("execution_count");
        cell.putObject("metadata");
        ObjectNode output = cell.putArray("outputs").addObject().put("output_type", "display_data");
        output.putObject("data").put("text/plain", "1\n2").put("application/vnd.sparkmonitor+json", "{}");
        output.putObject("metadata");
        Path file = dir.resolve("n.ipynb");
        NotebookFile.write(nb, file);
        String expected = """
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "execution_count": null,
                   "metadata": {},
                   "outputs": [
                    {
                     "data": {
                      "application/vnd.sparkmonitor+json": "{}",
                      "text/plain": [
                       "1\\n",
                       "2"
                      ]
                     },
                     "metadata": {},
                     "output_type": "display_data"
                    }
                   ],
                   "source": [
                    "x\\n",
                    "y"
                   ]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """;
        assertEquals(expected, Files.readString(file));
        assertEquals(nb, NotebookFile.read(file));
    }
}
