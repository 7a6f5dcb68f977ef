package io.jspark.kernel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.JavaFileObject;

/**
 * A class (or source) file in a jar of the class path, as {@link ClassPathIndex} lists it for javac:
 * named, compared and read as javac's own jar entries are. Its jar: URI is opaque, which
 * SimpleJavaFileObject does not take.
 */
final class JarEntryFile implements JavaFileObject {
    private final Path jarPath;
    private final JarFile jar;
    private final String uriPrefix;
    private final JarEntry entry;
    private final Kind kind;

    JarEntryFile(Path jarPath, JarFile jar, String uriPrefix, JarEntry entry, Kind kind) {
        this.jarPath = jarPath;
        this.jar = jar;
        this.uriPrefix = uriPrefix;
        this.entry = entry;
        this.kind = kind;
    }

    static Kind kindOf(String name) {
        for (Kind kind : new Kind[] {Kind.CLASS, Kind.SOURCE, Kind.HTML}) {
            if (name.endsWith(kind.extension)) {
                return kind;
            }
        }
        return Kind.OTHER;
    }

    Path jarPath() {
        return jarPath;
    }

    /** The binary name javac infers for the file: its path in the jar, without the extension, dotted. */
    String binaryName() {
        String name = entry.getName();
        int dot = name.lastIndexOf('.');
        return (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name).replace('/', '.');
    }

    @Override
    public URI toUri() {
        try {
            return new URI(uriPrefix + new URI(null, null, "/" + entry.getName(), null).getRawPath().substring(1));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(entry.getName(), e);
        }
    }

    @Override
    public String getName() {
        return jarPath + "(/" + entry.getName() + ")";
    }

    @Override
    public Kind getKind() {
        return kind;
    }

    @Override
    public boolean isNameCompatible(String simpleName, Kind kind) {
        String name = entry.getName();
        return kind == this.kind && name.substring(name.lastIndexOf('/') + 1).equals(simpleName + kind.extension);
    }

    @Override
    public InputStream openInputStream() throws IOException {
        return jar.getInputStream(entry);
    }

    /** In javac's default encoding, as javac reads sources when given none; malformed input is an error unless ignored. */
    @Override
    public Reader openReader(boolean ignoreEncodingErrors) throws IOException {
        return new InputStreamReader(openInputStream(), decoder(ignoreEncodingErrors));
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
        try (InputStream in = openInputStream()) {
            return decoder(ignoreEncodingErrors).decode(ByteBuffer.wrap(in.readAllBytes()));
        }
    }

    private static CharsetDecoder decoder(boolean ignoreEncodingErrors) {
        CodingErrorAction action = ignoreEncodingErrors ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
        return Charset.defaultCharset().newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    }

    @Override
    public OutputStream openOutputStream() {
        throw new UnsupportedOperationException("a class path jar is read only: " + getName());
    }

    @Override
    public Writer openWriter() {
        throw new UnsupportedOperationException("a class path jar is read only: " + getName());
    }

    @Override
    public long getLastModified() {
        return entry.getTime();
    }

    @Override
    public boolean delete() {
        return false;
    }

    @Override
    public NestingKind getNestingKind() {
        return null;
    }

    @Override
    public Modifier getAccessLevel() {
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JarEntryFile file && file.jarPath.equals(jarPath) && file.entry.getName().equals(entry.getName());
    }

    @Override
    public int hashCode() {
        return Objects.hash(jarPath, entry.getName());
    }

    @Override
    public String toString() {
        return getName();
    }
}
