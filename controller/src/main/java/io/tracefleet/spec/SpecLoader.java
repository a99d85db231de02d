package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads spec files: YAML with positions, then binding, then the checks of each document, then the checks across
 * documents. Every error of every file is collected; nothing stops at the first.
 */
public final class SpecLoader {
    /** Specs are small; a larger file is a mistake or an attack, not a spec. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 50;

    /** Loads files, and the {@code *.yaml} / {@code *.yml} files directly inside directories, in name order. */
    public SpecSet load(List<Path> inputs) {
        List<SpecError> fileErrors = new ArrayList<>();
        NameClaims claims = new NameClaims();
        List<Bound> bound = new ArrayList<>();
        Map<Path, String> digests = new LinkedHashMap<>();
        for (Path file : specFiles(inputs, fileErrors, digests)) {
            List<Node> roots = parse(file, fileErrors, digests);
            for (int i = 0; i < roots.size(); i++) {
                SpecProblems problems = new SpecProblems(file);
                TracedApplication application = new RecordBinder(problems).bind(roots.get(i), TracedApplication.class);
                new DocumentValidator(problems).validate(application);
                claims.claimAll(application, problems);
                bound.add(new Bound(file, i, application, problems));
            }
        }
        // Cross-document claims may add errors to earlier documents, so documents are built last.
        List<SpecDocument> documents = bound.stream()
                .map(b -> new SpecDocument(b.file, b.index, b.application, b.problems.errors(),
                        b.problems.warnings()))
                .toList();
        return new SpecSet(documents, fileErrors, digests);
    }

    private record Bound(Path file, int index, TracedApplication application, SpecProblems problems) {
    }

    public SpecSet load(Path... inputs) {
        return load(List.of(inputs));
    }

    private static List<Path> specFiles(List<Path> inputs, List<SpecError> errors, Map<Path, String> digests) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> listing = Files.list(input)) {
                    Path directory = input.toRealPath();
                    for (Path entry : listing.filter(SpecLoader::isSpecFile).sorted().toList()) {
                        if (Files.notExists(entry, LinkOption.NOFOLLOW_LINKS)) {
                            continue; // deleted since the listing: absent, as it will be in the next listing
                        }
                        // A refused entry is there but unread, as a file that cannot be read is: it keeps the
                        // last valid version of that file in force rather than counting as a deleted file.
                        refusal(directory, entry).ifPresentOrElse(reason -> {
                            errors.add(fileError(entry, reason));
                            digests.put(entry, "refused: " + reason);
                        }, () -> {
                            if (Files.isRegularFile(entry)) {
                                files.add(entry);
                            }
                        });
                    }
                } catch (IOException e) {
                    errors.add(fileError(input, "cannot list the directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                errors.add(fileError(input, "no such file or directory"));
            }
        }
        return files;
    }

    /**
     * Why a directory entry named like a spec is not read at all: a symbolic link leading out of the directory (its
     * target is not a spec, and errors and {@code /specs} would echo what it holds to anyone who can read them), or
     * anything but a regular file (a FIFO or a device would block the read or never end). Links within the directory
     * are fine: a Kubernetes ConfigMap mounts every file as one.
     */
    private static java.util.Optional<String> refusal(Path directory, Path entry) {
        if (Files.isDirectory(entry)) {
            return java.util.Optional.empty();
        }
        if (Files.isSymbolicLink(entry)) {
            Path target;
            try {
                target = entry.toRealPath();
            } catch (IOException e) {
                return java.util.Optional.of("a symbolic link whose target cannot be resolved; not read");
            }
            if (!target.startsWith(directory)) {
                return java.util.Optional.of("a symbolic link leading outside the specs directory; not read");
            }
        }
        if (!Files.isRegularFile(entry)) {
            return java.util.Optional.of("not a regular file (a FIFO, socket or device); not read");
        }
        return java.util.Optional.empty();
    }

    private static boolean isSpecFile(Path path) {
        String name = path.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    private static List<Node> parse(Path file, List<SpecError> errors, Map<Path, String> digests) {
        String text;
        byte[] bytes = null;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                digests.put(file, "too large: " + size);
                errors.add(fileError(file, "the file is " + size + " bytes; a spec file may have at most "
                        + MAX_FILE_BYTES));
                return List.of();
            }
            bytes = Files.readAllBytes(file);
            digests.put(file, sha256(bytes));
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.add(fileError(file, "the file is not UTF-8 text"));
            return List.of();
        } catch (IOException e) {
            digests.put(file, "unreadable: " + e.getClass().getSimpleName());
            errors.add(fileError(file, "cannot read the file: " + e.getMessage()));
            return List.of();
        }
        List<Node> roots = new ArrayList<>();
        try {
            for (Node root : yaml().composeAll(new StringReader(text))) {
                if (root != null) {
                    roots.add(root);
                }
            }
        } catch (MarkedYAMLException e) {
            YamlSyntax.Explained explained = YamlSyntax.explain(e, text);
            errors.add(new SpecError(file, explained.line(), explained.column(), "", "not valid YAML: "
                    + explained.message()));
            return List.of();
        } catch (YAMLException e) {
            errors.add(fileError(file, "not valid YAML: " + e.getMessage()));
            return List.of();
        }
        if (roots.isEmpty()) {
            // An editor or a failed copy can leave a spec empty; read as "no applications" that would retire
            // (with onDelete: delete, destroy) everything the file declared. Removing a spec is deleting its file.
            errors.add(fileError(file, "the file holds no document; to remove its applications, delete the file"));
        }
        return roots;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        return new Yaml(options);
    }

    /** An error of a file (or directory) as a whole: no line or field of it is at fault. */
    static SpecError fileError(Path file, String message) {
        return new SpecError(file, 1, 1, "", message);
    }
}
