package io.ferry.connect.file.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.io.filefilter.FileFilterUtils;
import org.apache.commons.io.filefilter.IOFileFilter;
import org.apache.commons.io.monitor.FileAlterationListenerAdaptor;
import org.apache.commons.io.monitor.FileAlterationObserver;

/**
 * The files of a folder that match a glob, optionally in subfolders, compared with the previous
 * look (Commons IO's {@link FileAlterationObserver}: one listing per folder and the size and
 * modification time of each file). The first {@link #scan} reports every existing file as created.
 * Names starting with a dot are skipped unless the glob starts with one, as a shell does.
 */
public final class DirectoryWatcher {

    /** What one look found. Paths are absolute and normalized. */
    public record Changes(Set<Path> created, Set<Path> changed, Set<Path> deleted) {
        public boolean isEmpty() {
            return created.isEmpty() && changed.isEmpty() && deleted.isEmpty();
        }
    }

    private final FileAlterationObserver observer;
    private final Collector collector = new Collector();

    /**
     * @param root      the folder
     * @param glob      matched against file names, or against the path below root if it has a /
     * @param recursive whether subfolders are read
     * @param excluded  a folder never looked into (the completed folder), or null
     */
    public DirectoryWatcher(Path root, String glob, boolean recursive, Path excluded) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        boolean onRelativePath = glob.contains("/");
        boolean dotFiles = glob.startsWith(".");
        IOFileFilter files = FileFilterUtils.and(FileFilterUtils.fileFileFilter(),
                FileFilterUtils.asFileFilter((File f) -> (dotFiles || !f.getName().startsWith("."))
                        && matcher.matches(onRelativePath ? root.relativize(f.toPath().toAbsolutePath().normalize()) : f.toPath().getFileName())));
        IOFileFilter filter = files;
        if (recursive) {
            IOFileFilter folders = FileFilterUtils.and(FileFilterUtils.directoryFileFilter(),
                    FileFilterUtils.asFileFilter((File d) -> !d.getName().startsWith(".")
                            && (excluded == null || !d.toPath().toAbsolutePath().normalize().equals(excluded))));
            filter = FileFilterUtils.or(folders, files);
        }
        this.observer = FileAlterationObserver.builder().setFile(root.toFile()).setFileFilter(filter).get();
        this.observer.addListener(collector);
    }

    /** Looks at the folder and reports what changed since the previous look. */
    public Changes scan() {
        collector.reset();
        observer.checkAndNotify();
        return new Changes(collector.created, collector.changed, collector.deleted);
    }

    private static final class Collector extends FileAlterationListenerAdaptor {
        private Set<Path> created = new LinkedHashSet<>();
        private Set<Path> changed = new LinkedHashSet<>();
        private Set<Path> deleted = new LinkedHashSet<>();

        void reset() {
            created = new LinkedHashSet<>();
            changed = new LinkedHashSet<>();
            deleted = new LinkedHashSet<>();
        }

        private static Path normalized(File file) {
            return file.toPath().toAbsolutePath().normalize();
        }

        @Override
        public void onFileCreate(File file) {
            created.add(normalized(file));
        }

        @Override
        public void onFileChange(File file) {
            changed.add(normalized(file));
        }

        @Override
        public void onFileDelete(File file) {
            deleted.add(normalized(file));
        }
    }
}
