package io.jspark.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/** Resolves Maven coordinates and their runtime dependencies to jar files, with Apache Maven Resolver. */
public final class MavenResolver {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final Path localRepository;
    private RepositorySystem system;

    public MavenResolver(Path localRepository) {
        this.localRepository = localRepository;
    }

    /** Resolves {@code group:artifact[:extension[:classifier]]:version} against Central and {@code extraRepositories}. */
    public synchronized List<Path> resolve(String coordinates, List<String> extraRepositories) throws UsageError {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new UsageError("'" + coordinates + "' is not group:artifact:version");
        }
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        List<RemoteRepository> repositories = new ArrayList<>();
        repositories.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        for (int i = 0; i < extraRepositories.size(); i++) {
            repositories.add(new RemoteRepository.Builder("repo" + (i + 1), "default", extraRepositories.get(i)).build());
        }
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), repositories);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                jars.add(result.getArtifact().getFile().toPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new UsageError("could not resolve " + coordinates + ": " + root.getMessage());
        }
    }
}
