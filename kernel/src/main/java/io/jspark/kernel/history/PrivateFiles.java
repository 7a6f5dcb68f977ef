package io.jspark.kernel.history;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that only their owner may read: 0600, in folders the kernel creates 0700. Folders that
 * already exist keep their rights, since they may be shared on purpose (a user's ~/.local/share is
 * usually 0755); the files in them are private all the same. File systems without POSIX rights keep
 * their own defaults.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code file} empty and private, with the folders it lacks, or makes an existing one private. */
    public static void ensure(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!POSIX) {
            Files.createDirectories(parent);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        Files.createDirectories(parent, attribute(OWNER_FOLDER));
        try {
            Files.createFile(file, attribute(OWNER_FILE));
        } catch (FileAlreadyExistsException e) {
            // An earlier kernel may have created it readable by all.
            if (!Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_FILE);
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
